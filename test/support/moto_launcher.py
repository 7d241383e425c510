"""Starts moto server on 127.0.0.1 (a free port unless one is given), prints 'MOTO_READY <port>' and serves until
its parent goes away: it exits when standard input reaches EOF (the parent closed the pipe or died) or when the
parent process id changes, so no moto process outlives the test run."""
import os
import sys
import threading
import time

from moto.moto_server.threaded_moto_server import ThreadedMotoServer


def main() -> None:
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    parent = os.getppid()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    _, bound = server.get_host_and_port()
    print(f"MOTO_READY {bound}", flush=True)

    def watch_parent() -> None:
        while True:
            if os.getppid() != parent:
                os._exit(0)
            time.sleep(0.5)

    threading.Thread(target=watch_parent, daemon=True).start()
    try:
        while sys.stdin.read(1024):
            pass
    except KeyboardInterrupt:
        pass
    os._exit(0)


if __name__ == "__main__":
    main()
