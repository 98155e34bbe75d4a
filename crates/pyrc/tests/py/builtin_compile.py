# compile(): code objects for exec/eval in modes 'exec', 'eval' and 'single', and its errors.
code = compile("1 + 2", "<calc>", "eval")
print(type(code).__name__, code.co_name, code.co_filename, eval(code))
code = compile("r = 7\ns = r * 2", "<stmts>", "exec")
print(eval(code), r, s)
ns = {}
exec(code, ns)
print(ns["r"], ns["s"])
code = compile("t = 3", "<one>", "single")
exec(code)
print(t)
exec(compile("t * 2", "<one>", "single"))
exec(compile("None", "<one>", "single"))
code = compile(source="a + b", filename="<kw>", mode="eval")
print(eval(code, {"a": 1, "b": 2}))
expression = compile(b"[n for n in range(3)]", b"<bytes>", "eval")
print(eval(expression), expression.co_filename)

try:
    exec(compile("x = 1\nraise ValueError(x)", "<file>", "exec"))
except ValueError as e:
    print("ValueError", e)

for bad in [
    lambda: compile("1", "<t>", "bad"),
    lambda: compile("x=1\ny=2", "<t>", "single"),
    lambda: compile("1 +", "<t>", "eval"),
    lambda: compile("x = 1", "<t>", "eval"),
    lambda: compile(5, "<t>", "exec"),
    lambda: compile(code, "<again>", "eval"),
    lambda: compile("1", 5, "exec"),
    lambda: compile("1", "<t>"),
    lambda: compile("1", "<t>", "exec", bogus=1),
    lambda: compile("a\0b", "<t>", "exec"),
]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__, e.args[0] if e.args else "")
