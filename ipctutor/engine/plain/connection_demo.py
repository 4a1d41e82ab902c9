"""Connection: children dial the parent's Listener with Client(); the parent serves them with wait()."""
import argparse
import os
import time
from multiprocessing import Process, get_start_method
from multiprocessing.connection import Client, Listener, wait


def child(address, authkey, n, delay, fail):
    if n == fail:
        raise RuntimeError(f"child {n} was told to fail (--fail {n})")
    with Client(address, authkey=authkey) as conn:  # connects, then answers the key challenge
        time.sleep(delay * (n % 3) / 2)  # some children take longer than others
        conn.send(["hello", n])
        print(f"child {n}: pid {os.getpid()} sent ['hello', {n}]", flush=True)
    # leaving the with-block closes this end: the parent's recv() on it then raises EOFError


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=10, help="how many children")
    parser.add_argument("--delay", type=float, default=1.0, help="the slowest child's pause, in seconds")
    parser.add_argument("--fail", type=int, help="child N raises an exception")
    args = parser.parse_args()
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    authkey = os.urandom(16)  # a secret only this parent and its children know
    # Loopback only: anyone who can reach the port and knows the key may send pickles.
    with Listener(("127.0.0.1", 0), backlog=args.workers, authkey=authkey) as listener:  # port 0: any
        children = [Process(target=child, args=(listener.address, authkey, n, args.delay, args.fail),
                            name=f"child-{n}") for n in range(args.workers)]
        for p in children:
            p.start()
        conns = [listener.accept() for _ in children]  # one Connection each; a wrong key raises here
        print(f"parent: accepted {len(conns)} connections on {listener.address}", flush=True)
        while conns:
            for conn in wait(conns):  # whichever have a message (or EOF) now, in any order
                try:
                    print(f"parent: got {conn.recv()}", flush=True)
                except EOFError:  # that child closed its end: nothing more will come
                    conns.remove(conn)
                    conn.close()
    for p in children:
        p.join()
