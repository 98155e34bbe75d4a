# expect: known-bug "repr() does not escape non-printable characters (U+0080-U+009F, U+00A0, U+200B, U+2028, U+FEFF) (CPython escapes them); str.casefold() does not apply full case folding ('ß' -> 'ss')"
# Unicode details of str: repr escapes non-printable characters, casefold() folds fully.

print(repr("\u200b"), repr("a\u00a0b"), repr("\u2028"), repr("\ufeff"), repr("\x85"), repr("\x80\x9f"))
print(repr("é"), repr("日本"), repr("\U0001F600"))
print("Straße".casefold(), "ΣΑΣ".casefold(), "ﬁ".casefold())
print("Straße".casefold() == "STRASSE".casefold())
