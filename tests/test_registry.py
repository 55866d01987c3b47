"""Objects held for the whole process (stackwise.registry): made once, replaced and closed on new settings."""
import threading

from stackwise import registry


def test_an_object_is_made_once_and_replaced_with_the_old_one_closed():
    made, closed = [], []

    def make(label):
        def build():
            made.append(label)
            return label
        return build

    try:
        assert registry.held("test-assistant", "model-a", make("a"), closed.append) == "a"
        assert registry.held("test-assistant", "model-a", make("again"), closed.append) == "a"
        assert registry.held("test-assistant", "model-b", make("b"), closed.append) == "b"
        assert made == ["a", "b"] and closed == ["a"]
    finally:
        registry.release("test-assistant", closed.append)
    assert closed == ["a", "b"] and "test-assistant" not in registry.names()


def test_sessions_asking_at_once_share_one_object():
    made, ready = [], threading.Barrier(8)

    def build():
        made.append(1)
        return object()

    got = []

    def ask():
        ready.wait()
        got.append(registry.held("test-shared", 1, build))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    registry.release("test-shared")
    assert len(made) == 1 and len({id(x) for x in got}) == 1
