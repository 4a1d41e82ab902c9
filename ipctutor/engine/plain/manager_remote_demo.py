"""Manager across the network: children change a dict that a manager server holds at HOST:PORT,
perhaps on another computer (`ipctutor manager serve`). Each `d[key] = value` travels over TCP.
The key comes from the environment variable AUTHKEY: on the command line `ps` shows it to all."""
import argparse
import os
import socket
import time
from multiprocessing import Process, get_start_method
from multiprocessing.managers import BaseManager, DictProxy


class DictClient(BaseManager):
    pass


DictClient.register("get_dict", proxytype=DictProxy)  # what the server serves, by name


def child(d, n, delay, fail):
    time.sleep(delay)
    if n == fail:
        raise RuntimeError(f"child {n} was told to fail (--fail {n})")
    key = f"child-{n} pid {os.getpid()} on {socket.gethostname()}"  # who wrote it, from where
    d[key] = n * n  # one message to the server, one answer back
    print(f"child {n}: pid {os.getpid()} set d[{key!r}] = {n * n}, the dict now has {len(d)} keys", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("address", help="HOST:PORT of the manager server")
    parser.add_argument("--workers", type=int, default=10, help="child processes")
    parser.add_argument("--delay", type=float, default=1.0, help="each child's pause, in seconds")
    parser.add_argument("--fail", type=int, help="child N raises an exception")
    args = parser.parse_args()
    print(f"parent: pid {os.getpid()}, start method {get_start_method()}", flush=True)
    host, port = args.address.rsplit(":", 1)
    manager = DictClient(address=(host, int(port)), authkey=os.environ["AUTHKEY"].encode())
    manager.connect()  # a client only: the server runs elsewhere
    d = manager.get_dict()
    children = [Process(target=child, args=(d, n, args.delay, args.fail), name=f"child-{n}") for n in range(args.workers)]
    for p in children:
        p.start()
    for p in children:
        p.join()
    # all the server holds: this run's keys and any that other runs or computers left there
    print(f"the dict: {sorted(d.items(), key=repr)}")
