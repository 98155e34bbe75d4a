# subprocess through _posixsubprocess.fork_exec: pipes, exit statuses, errors reported by the
# child before exec (missing program, bad cwd, preexec_fn), environment, cwd, pass_fds.
import os
import subprocess
import sys
import tempfile

done = subprocess.run(["echo", "hello", "world"], capture_output=True)
print(done.returncode, done.stdout, done.stderr)

done = subprocess.run(["cat"], input=b"through stdin\n", stdout=subprocess.PIPE)
print(done.stdout)

done = subprocess.run(["sh", "-c", "echo out; echo err 1>&2; exit 3"],
                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
print(done.returncode, sorted(done.stdout.split()))

done = subprocess.run(["sh", "-c", "kill -9 $$"])
print("killed:", done.returncode)

try:
    subprocess.run(["false"], check=True)
except subprocess.CalledProcessError as e:
    print("CalledProcessError", e.returncode, e.cmd)

try:
    subprocess.run(["/no/such/program-xyz"])
except FileNotFoundError as e:
    print(type(e).__name__, e.errno, e.strerror, e.filename)

try:
    subprocess.run(["no-such-program-xyz"])
except FileNotFoundError as e:
    print(type(e).__name__, e.errno, e.filename)

try:
    subprocess.run(["true"], cwd="/no/such/dir-xyz")
except FileNotFoundError as e:
    print("bad cwd:", type(e).__name__, e.errno, e.filename)

def failing_preexec():
    raise ValueError("in the child")

try:
    subprocess.run(["true"], preexec_fn=failing_preexec)
except subprocess.SubprocessError as e:
    print(type(e).__name__, e)

with tempfile.TemporaryDirectory() as d:
    done = subprocess.run(["pwd"], cwd=d, capture_output=True, text=True)
    print(done.stdout.strip() == os.path.realpath(d))

done = subprocess.run(["sh", "-c", "echo $PYRC_SP_TEST"], env={"PYRC_SP_TEST": "from env"},
                      capture_output=True, text=True)
print(repr(done.stdout))

r, w = os.pipe()
done = subprocess.run(["sh", "-c", "echo via fd >&%d" % w], pass_fds=(w,))
os.close(w)
print(os.read(r, 100))
os.close(r)

# a descriptor not passed is closed in the child (close_fds defaults to True)
r, w = os.pipe()
print("inheritable:", os.get_inheritable(w), end=" ")
os.set_inheritable(w, True)
print(os.get_inheritable(w))
done = subprocess.run(["sh", "-c", "echo x >&%d" % w], stderr=subprocess.DEVNULL)
print("unpassed fd:", done.returncode != 0)
os.close(r)
os.close(w)

done = subprocess.run([sys.executable, "-c", "print(6 * 7)"], capture_output=True)
print(done.stdout)

print(subprocess.check_output(["printf", "%s-%s", "a", "b"]))
proc = subprocess.Popen(["sh", "-c", "exit 7"])
print("wait:", proc.wait())

try:
    subprocess.run(["echo", "a\0b"])
except ValueError as e:
    print("ValueError", e)
