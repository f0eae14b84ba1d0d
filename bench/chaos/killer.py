"""Kills the service with SIGKILL every few seconds and starts it again (shared by the bench scripts that do)."""
import subprocess
import threading


def kill_and_restart(every, pattern, start, stop, on_kill=lambda: None):
    """Until `stop` is set: every `every` seconds, SIGKILL whatever matches `pattern` (pkill -f) and run `start`."""
    while not stop.wait(every):
        subprocess.run(["pkill", "-9", "-f", pattern])
        on_kill()
        subprocess.Popen(start, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def thread(every, pattern, start, stop, on_kill=lambda: None):
    return threading.Thread(target=kill_and_restart, args=(every, pattern, start, stop, on_kill), daemon=True)
