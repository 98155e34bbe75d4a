# Indexing and slicing strs, ASCII (by byte offset) and not (by character), every position,
# negative and reversed slices, and the index errors; len() is the character count.
for s in ["hello", "héllo wörld", "", "a"]:
    n = len(s)
    print(n, [s[i] for i in range(-n, n)], s[1:4], s[::-1], s[::2], s[5:1], s[-100:100], s[1:-1:2])
    for bad in [n, -n - 1]:
        try:
            s[bad]
        except IndexError as e:
            print("IndexError", e)
big = "ab" * 10**6
print(len(big), big[-3:], big[1999999], big[10**6:10**6 + 4], len("é" * 1000))
# startswith/endswith with positions (the window is borrowed, never copied)
for s in ["hello world", "héllo wörld", ""]:
    print([s.startswith(p, a, b) for p in ["h", "he", "", "wö", ("x", "ll")] for a, b in [(0, None), (1, 5), (-5, None), (2, 1), (20, None), (0, -1)]])
    print([s.endswith(p, a, b) for p in ["d", "ld", "", "llo", ("x", "ö")] for a, b in [(0, None), (1, 5), (-5, None), (2, 1), (0, 4), (0, -6)]])
