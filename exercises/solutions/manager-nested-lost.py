"""Each child appends its number to a list kept in a Manager dict; the parent counts the list.

Run it:  python manager-nested-lost.py [WORKERS]
It should print one line:  collected WORKERS numbers
"""
import multiprocessing
import sys


def add_mine(shared, lock, n):
    with lock:  # read the list, change the copy, store it back: the dict sees only the store
        numbers = shared["numbers"]
        numbers.append(n)
        shared["numbers"] = numbers


if __name__ == "__main__":
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    with multiprocessing.Manager() as manager:
        shared = manager.dict(numbers=[])
        lock = manager.Lock()
        children = [multiprocessing.Process(target=add_mine, args=(shared, lock, n)) for n in range(workers)]
        for child in children:
            child.start()
        for child in children:
            child.join()
        print(f"collected {len(shared['numbers'])} numbers")
