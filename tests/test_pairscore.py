import numpy as np

from xref.pairscore import FEATURES, BlendedScorer, FeatureBlock, LearnedScorer, default_pair_model, entity_tokens


def _block(texts, docs):
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(len(texts), 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return FeatureBlock(texts, vectors, np.array(docs), np.ones(len(texts), dtype=bool))


def test_shipped_model_matches_the_features():
    model = default_pair_model()
    assert len(model.coef) == len(FEATURES) == len(model.mean) == len(model.scale)


def test_feature_block_shape_and_symmetry():
    texts = [
        "Lubaba Khalid resigned from Labour on 12 October.",
        "Khalid quit the Labour party on 12 October.",
        "The weather was fine in Oxford.",
    ]
    block = _block(texts, [0, 1, 2])
    features = block.block([0, 1, 2], [0, 1, 2])
    assert features.shape == (3, 3, len(FEATURES))
    assert np.allclose(features, features.transpose(1, 0, 2), atol=1e-5)
    named = dict(zip(FEATURES, features[0, 1], strict=True))
    assert named["number_shared"] == 1 and named["entity_shared"] >= 2
    assert dict(zip(FEATURES, features[0, 2], strict=True))["entity_shared"] == 0


def test_shared_names_and_numbers_raise_the_learned_probability():
    texts = [
        "Lubaba Khalid resigned from Labour on 12 October.",
        "Khalid quit the Labour party on 12 October.",
        "The weather was fine in the town on a quiet afternoon.",
    ]
    block = _block(texts, [0, 1, 2])
    block.vectors = np.ones_like(block.vectors) / np.sqrt(block.vectors.shape[1])  # same embedding for all
    scores = LearnedScorer(block).block([0], [1, 2])[0]
    assert scores[0] > scores[1]


def test_blend_is_the_weighted_mean():
    texts = ["Councillors resigned in Oxford.", "Oxford councillors quit."]
    block = _block(texts, [0, 1])
    learned = LearnedScorer(block)
    dense = block.vectors
    blended = BlendedScorer(dense, learned, 0.25).block([0], [1])[0, 0]
    expected = 0.75 * float(dense[0] @ dense[1]) + 0.25 * learned.block([0], [1])[0, 0]
    assert abs(blended - expected) < 1e-6


def test_entity_tokens_skip_the_opening_word_and_keep_numbers():
    assert entity_tokens("The Labour leader met 20 ambassadors in London") == {"labour", "20", "london"}


def test_pairs_agree_with_blocks():
    texts = [
        "Lubaba Khalid resigned from Labour on 12 October.",
        "Khalid quit the Labour party on 12 October.",
        "The weather was fine in Oxford.",
        "Oxford councillors quit Labour over Gaza.",
    ]
    block = _block(texts, [0, 1, 2, 3])
    rows, cols = np.array([0, 0, 1, 2]), np.array([1, 3, 2, 3])
    full = block.block(np.arange(4), np.arange(4))
    assert np.allclose(block.pairs(rows, cols), full[rows, cols], atol=1e-5)
    scorer = BlendedScorer(block.vectors, LearnedScorer(block), 0.5)
    assert np.allclose(scorer.pairs(rows, cols), scorer.block(np.arange(4), np.arange(4))[rows, cols], atol=1e-5)
