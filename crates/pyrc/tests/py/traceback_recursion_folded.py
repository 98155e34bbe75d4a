# expect: exit=1 stderr-golden
# Deep recursion: the report shows the innermost 1,000 frames, the same frame and line at most
# three times in a row, then "[Previous line repeated 996 more times]" (CPython's
# TB_RECURSIVE_CUTOFF); the recursion fails at the depth CPython's does.
def down(n):
    return down(n + 1) + 1


def level(k):
    if k == 0:
        return down(0)
    return level(k - 1)


print("going down")
level(4)
