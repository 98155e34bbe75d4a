# CPython's json package over the native _json accelerator (scanstring, the string encoders,
# make_scanner): values, hooks, errors with their positions, deep nesting.
import json, collections
doc = '{"a": [1, -2.5e3, "x\\u00e9\\ud83d\\ude00\\n", null, true, false, {}], "b": {"c": []}, "n": 12345678901234567890, "f": 1E5}'
print(json.loads(doc))
print(json.loads(doc, object_pairs_hook=collections.OrderedDict)["b"])
print(json.loads('[1.5, 2]', parse_float=str, parse_int=float), json.loads('[NaN, -Infinity]'))
for bad in ['[1,]', '{"a" 1}', '{"a": 1,}', '[1 2]', '{1: 2}', '"abc', '"a\\q"', '[', '', '"\\u12"', '"a\x01"', 'nul', '[1] x']:
    try:
        json.loads(bad)
    except json.JSONDecodeError as e:
        print(repr(bad), e.msg, e.pos, str(e))
print(json.dumps(["é\n\x01😀", {"k": 1.5}], ensure_ascii=True), json.dumps("é😀", ensure_ascii=False))
print(json.dumps({"a": [1, 2], "b": None}, indent=2, sort_keys=True))
try:
    json.loads("[" * 100000 + "]" * 100000)
except RecursionError as e:
    print("RecursionError", e)
import json.decoder, json.scanner, json.encoder
print(json.decoder.scanstring('"ab\\"c" tail', 1), json.encoder.encode_basestring("a\"\t"), json.encoder.encode_basestring_ascii("\x7f\xff"))
print(json.loads('  {"nested": {"list": [[], [[]], {"x": [1, {"y": "z"}]}]}}  '))
print(json.loads('{"a": 1}', object_hook=lambda d: sorted(d.items())))
print(json.loads(json.dumps({"round": ["trip", 1, 2.25, None, {"é": [True]}]})))
class Point(dict):
    pass
print(type(json.loads('{"a": {"b": 1}}', object_hook=Point)).__name__)
