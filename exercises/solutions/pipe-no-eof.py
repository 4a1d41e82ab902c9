"""Each child sends a few words through one Pipe and closes its end; the parent reads until the end.

Run it:  python pipe-no-eof.py [WORKERS] [WORDS]
It should print one line:  read TOTAL words   (TOTAL = WORKERS * WORDS)
"""
import multiprocessing
import sys


def say_words(conn, words):
    for i in range(words):
        conn.send(f"word {i}")
    conn.close()


if __name__ == "__main__":
    workers = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    words = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    reader, writer = multiprocessing.Pipe(duplex=False)
    children = [multiprocessing.Process(target=say_words, args=(writer, words)) for _ in range(workers)]
    for child in children:
        child.start()
    writer.close()  # the parent's own copy of the writing end: while it is open, recv() never sees EOF
    count = 0
    while True:
        try:
            reader.recv()
        except EOFError:  # every writing end is closed
            break
        count += 1
    for child in children:
        child.join()
    print(f"read {count} words")
