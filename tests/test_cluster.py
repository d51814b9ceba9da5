import numpy as np

from xref.cluster import average_linkage, group_claims, group_stories, nearest_neighbour_graph


def _unit(v):
    v = np.asarray(v, dtype=np.float32)
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def test_graph_matches_brute_force_neighbours():
    rng = np.random.default_rng(0)
    vectors = _unit(rng.normal(size=(50, 8)))
    graph = nearest_neighbour_graph(vectors, neighbours=5)
    scores = vectors @ vectors.T
    np.fill_diagonal(scores, -np.inf)
    for i in range(50):
        top = set(np.argsort(-scores[i])[:5].tolist())
        assert top <= set(graph.edges[i])
        for j, value in graph.edges[i].items():
            assert abs(value - scores[i, j]) < 1e-5
            assert graph.edges[j][i] == value


def test_groups_are_never_linked():
    vectors = _unit([[1, 0], [1, 0.01], [0, 1], [0.01, 1]])
    graph = nearest_neighbour_graph(vectors, neighbours=3, groups=np.array([0, 0, 1, 1]))
    assert 1 not in graph.edges[0] and 3 not in graph.edges[2]


def test_average_linkage_merges_close_items_only():
    vectors = _unit([[1, 0, 0], [0.95, 0.05, 0], [0, 1, 0], [0, 0.97, 0.03], [0, 0, 1]])
    clusters = average_linkage(nearest_neighbour_graph(vectors, neighbours=4), 0.9)
    assert clusters == [[0, 1], [2, 3], [4]]


def test_average_linkage_is_deterministic_and_respects_blocks():
    rng = np.random.default_rng(1)
    vectors = _unit(rng.normal(size=(40, 4)))
    graph = nearest_neighbour_graph(vectors, neighbours=10)
    assert average_linkage(graph, 0.5) == average_linkage(graph, 0.5)
    blocks = list(range(20)) * 2
    for cluster in average_linkage(graph, 0.3, blocked=blocks):
        assert len({blocks[i] for i in cluster}) == len(cluster)


def test_claims_need_two_sources_and_a_sentence_can_join_two_claims():
    # Units 0-1: sentence 0 of source 0, with clauses about topics A and B.
    vectors = _unit(
        [[1, 0, 0, 0], [0, 1, 0, 0], [0.98, 0.02, 0, 0], [0.02, 0.98, 0, 0], [0, 0, 1, 0], [0, 0, 0.99, 0.01]]
    )
    sources = np.array([0, 0, 1, 2, 1, 1])
    sentences = np.array([0, 0, 1, 2, 3, 4])
    groups = group_claims(vectors, sources, sentences, threshold=0.8)
    assert sorted(g.units for g in groups) == [(0, 2), (1, 3)]
    assert all(len(g.similarity) == len(g.units) for g in groups)


def test_stories_separate_unrelated_documents():
    vectors = _unit([[1, 0.1, 0], [0.9, 0.2, 0], [0, 0, 1]])
    assert group_stories(vectors, threshold=0.5) == [[0, 1], [2]]


def test_group_cap_stops_a_hub_from_absorbing_everything():
    # One item of group 0 is close to every item of group 1.
    vectors = _unit([[1, 0]] + [[1, 0.01 * k] for k in range(1, 9)])
    groups = [0] + [1] * 8
    graph = nearest_neighbour_graph(vectors, neighbours=8, groups=np.array(groups))
    uncapped = average_linkage(graph, 0.9, groups=groups)
    capped = average_linkage(graph, 0.9, groups=groups, max_per_group=3)
    assert max(len(c) for c in uncapped) == 9
    assert max(len(c) for c in capped) == 4


def test_graph_with_groups_matches_brute_force_on_both_block_paths():
    rng = np.random.default_rng(3)
    vectors = _unit(rng.normal(size=(200, 6)))
    groups = np.array([0] * 120 + [1] * 50 + list(range(2, 32)))  # one large group, one medium, 30 singletons
    blocked = np.arange(200) // 2
    graph = nearest_neighbour_graph(vectors, neighbours=4, groups=groups, blocked=blocked)
    scores = vectors @ vectors.T
    scores[groups[:, None] == groups[None, :]] = -np.inf
    scores[blocked[:, None] == blocked[None, :]] = -np.inf
    for i in range(200):
        top = set(np.argsort(-scores[i])[:4].tolist())
        assert top <= set(graph.edges[i]), i
        assert all(groups[j] != groups[i] and blocked[j] != blocked[i] for j in graph.edges[i])
