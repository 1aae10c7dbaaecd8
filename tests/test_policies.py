"""Policies (GOAP, VPT baseline): shapes, masking, memory, save/load, LoRA, inference state."""

import pytest
import torch

pytest.importorskip("transformers")
import policies  # noqa: E402
from openha.actions.vpt import N_BUTTONS  # noqa: E402
from policies.behaviour import HistoryAggregator, MemoryBank  # noqa: E402
from policies.layers import N_CAMERA, NULL_ACTION  # noqa: E402
from policies.modeling_base import split_state, stack_states  # noqa: E402

KINDS = ["goap", "vpt"]
# every model plus GOAP's ablations (Optimus-2's table): each must keep the same contracts
VARIANTS = [("goap", {}), ("vpt", {}), ("goap", {"behaviour_encoder": False}),
            ("goap", {"compress_memory": False}), ("goap", {"action_head": "flat"})]
VARIANT_IDS = ["goap", "vpt", "goap-no-encoder", "goap-no-compression", "goap-flat-head"]
variants = pytest.mark.parametrize("kind,overrides", VARIANTS, ids=VARIANT_IDS)


def make_policy(kind, **overrides):
    torch.manual_seed(0)
    return policies.make(kind, "tiny", **overrides).eval()


def make_batch(model, b=2, t=None, seed=0):
    g = torch.Generator().manual_seed(seed)
    c = model.config
    t = t or c.window
    frames = torch.randint(0, 256, (b, t, c.image_size, c.image_size, 3), generator=g,
                           dtype=torch.uint8)
    actions = torch.stack([torch.randint(0, N_BUTTONS, (b, t), generator=g),
                           torch.randint(0, N_CAMERA, (b, t), generator=g)], -1)
    prev = torch.cat([torch.tensor([NULL_ACTION] * b)[:, None], actions[:, :-1]], 1)
    ids, mask = model.goal_ids(["chop a tree", "dig some dirt"][:b] + ["x"] * max(0, b - 2))
    return dict(frames=frames, goal_ids=ids, goal_mask=mask, prev_actions=prev, actions=actions)


@variants
def test_forward_shapes_and_loss(kind, overrides):
    model = make_policy(kind, **overrides)
    batch = make_batch(model)
    out = model(**batch)
    t = model.config.window
    assert out.buttons_logits.shape == (2, t, N_BUTTONS)
    assert out.camera_logits.shape == (2, t, N_CAMERA)
    assert torch.isfinite(out.loss) and out.loss.item() > 0
    masked = model(**batch, loss_mask=torch.zeros(2, t, dtype=torch.bool)).loss
    assert masked.item() == 0.0


@variants
def test_no_step_sees_the_future(kind, overrides):
    """Changing frames and actions from step k on leaves every output before k unchanged."""
    model = make_policy(kind, **overrides)
    a = make_batch(model, seed=1)
    b = {k: v.clone() for k, v in a.items()}
    k = 3
    b["frames"][:, k:] = 255 - b["frames"][:, k:]
    b["actions"][:, k:] = (b["actions"][:, k:] + 7) % N_CAMERA
    b["prev_actions"][:, k + 1:] = b["actions"][:, k:-1]  # a_t enters at step t + 1 only
    with torch.no_grad():
        oa, ob = model(**a), model(**b)
    assert torch.allclose(oa.buttons_logits[:, :k], ob.buttons_logits[:, :k], atol=1e-5)
    assert (oa.buttons_logits[:, k:] - ob.buttons_logits[:, k:]).abs().max() > 1e-6


def test_goap_perceiver_step_t_ignores_action_t():
    model = make_policy("goap")
    a = make_batch(model, seed=2)
    b = {k: v.clone() for k, v in a.items()}
    k = 2
    b["prev_actions"][:, k + 1:] = (b["prev_actions"][:, k + 1:] + 11) % N_CAMERA  # a_k, a_k+1…
    with torch.no_grad():
        oa, ob = model(**a), model(**b)
    assert torch.allclose(oa.buttons_logits[:, :k + 1], ob.buttons_logits[:, :k + 1], atol=1e-5)
    assert (oa.buttons_logits[:, k + 1:] - ob.buttons_logits[:, k + 1:]).abs().max() > 1e-6


@pytest.mark.parametrize("length", [1, 3, 4, 9, 25])
def test_aggregator_gives_k_tokens_for_any_history(length):
    agg = HistoryAggregator(dim=16, heads=2, queries=3, capacity=4)
    state = agg.empty(2)
    for _ in range(length):
        tokens, state = agg.step(state, torch.randn(2, 2, 16))
    assert tokens.shape == (2, 3, 16)
    assert state["count"].tolist() == [min(length, 4)] * 2
    assert state["weight"].sum(1).tolist() == [float(length)] * 2  # every step is accounted for


def test_memory_bank_merges_the_most_similar_adjacent_pair():
    state = MemoryBank.empty(1, 3, 2)
    for v in ([1.0, 0.0], [0.0, 1.0], [0.0, 0.9]):
        state = MemoryBank.append(state, torch.tensor([v]))
    state = MemoryBank.append(state, torch.tensor([[-1.0, 0.0]]))
    bank, weight = state["bank"][0], state["weight"][0]
    assert weight.tolist() == [1.0, 2.0, 1.0]
    assert torch.allclose(bank[1], torch.tensor([0.0, 0.95]))
    assert torch.allclose(bank[2], torch.tensor([-1.0, 0.0]))


@variants
def test_stepwise_inference_matches_the_window_forward(kind, overrides):
    """The per-env state (action window, memory bank, frame window) reproduces training."""
    model = make_policy(kind, **overrides)
    batch = make_batch(model, seed=3)
    with torch.no_grad():
        full = model(**batch).buttons_logits
        state = model.init_state(2)
        for t in range(model.config.window):
            state["prev_action"] = batch["prev_actions"][:, t]
            buttons, _, state = model.step(batch["frames"][:, t], batch["goal_ids"],
                                           batch["goal_mask"], state)
            assert torch.allclose(buttons, full[:, t], atol=1e-4), t


@pytest.mark.parametrize("kind", KINDS)
def test_batched_envs_match_single_envs(kind):
    model = make_policy(kind)
    batch = make_batch(model, seed=4)
    states = [model.init_state(1), model.init_state(1)]
    with torch.no_grad():
        for t in range(3):
            frames = batch["frames"][:, t]
            both, _, joint = model.step(frames, batch["goal_ids"], batch["goal_mask"],
                                        stack_states(states))
            singles = [model.step(frames[i:i + 1], batch["goal_ids"][i:i + 1],
                                  batch["goal_mask"][i:i + 1], states[i]) for i in range(2)]
            for i in range(2):
                assert torch.allclose(both[i], singles[i][0][0], atol=1e-4)
            states = split_state(joint, 2)


@variants
def test_save_load_round_trip(kind, overrides, tmp_path):
    model = make_policy(kind, **overrides)
    batch = make_batch(model, seed=5)
    model.save_pretrained(tmp_path)
    assert (tmp_path / "model.safetensors").exists()
    loaded = policies.load(tmp_path)
    assert type(loaded) is type(model)
    with torch.no_grad():
        assert torch.equal(model(**batch).buttons_logits, loaded(**batch).buttons_logits)


def test_load_errors_name_the_problem(tmp_path):
    with pytest.raises(FileNotFoundError, match="config.json"):
        policies.load(tmp_path)
    with pytest.raises(ValueError, match="preset"):
        policies.make("goap", "huge")
    with pytest.raises(ValueError, match="kind"):
        policies.make("nope")


def test_lora_trains_only_adapters_of_a_pretrained_backbone(tmp_path):
    from transformers import AutoModel, LlamaConfig

    from policies.configuration_goap import tiny_llama

    spec = tiny_llama(32, 1, 2)
    spec.pop("model_type")
    AutoModel.from_config(LlamaConfig(**spec)).save_pretrained(tmp_path / "lm")
    torch.manual_seed(0)
    model = policies.make("goap", "tiny", backbone_path=str(tmp_path / "lm"), lora_r=4)
    backbone = dict(model.backbone.named_parameters())
    assert any("lora_" in n for n in backbone)
    assert all(p.requires_grad == ("lora_" in n) for n, p in backbone.items())
    before = {n: p.detach().clone() for n, p in backbone.items()}
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-2)
    model.train()
    for seed in range(2):
        opt.zero_grad()
        model(**make_batch(model, seed=seed)).loss.backward()
        opt.step()
    changed = {n for n, p in model.backbone.named_parameters() if not torch.equal(p, before[n])}
    assert changed and all("lora_" in n for n in changed)
    assert not torch.equal(model.head.buttons.weight, torch.zeros_like(model.head.buttons.weight))
    model.save_pretrained(tmp_path / "goap")
    assert torch.equal(
        policies.load(tmp_path / "goap").backbone.layers[0].self_attn.q_proj.lora_A["default"].weight,
        model.backbone.layers[0].self_attn.q_proj.lora_A["default"].weight)


@pytest.mark.parametrize("kind", KINDS)
def test_act_samples_valid_vpt_actions(kind):
    model = make_policy(kind)
    frames = make_batch(model, b=3)["frames"][:, 0]
    state = None
    for _ in range(3):
        actions, state = model.act(frames, ["a", "b", "c"], state, temperature=1.0,
                                   generator=torch.Generator().manual_seed(0))
        assert actions.shape == (3, 2)
        b, c = actions[:, 0], actions[:, 1]
        assert ((b >= 0) & (b < N_BUTTONS)).all() and ((c >= 0) & (c < N_CAMERA)).all()
        moves = (b % 2 == 1) & (b != N_BUTTONS - 1)
        assert ((c == NULL_ACTION[1]) == ~moves).all()
    assert torch.equal(state["prev_action"], actions)


def test_encoder_off_ablation_reads_no_action_history():
    model = make_policy("goap", behaviour_encoder=False)
    a = make_batch(model, seed=6)
    b = dict(a, prev_actions=(a["prev_actions"] + 5) % N_CAMERA)
    with torch.no_grad():
        assert torch.equal(model(**a).buttons_logits, model(**b).buttons_logits)
    full = make_policy("goap")
    with torch.no_grad():  # the full model does read it
        assert not torch.equal(full(**a).buttons_logits, full(**b).buttons_logits)


def test_flat_head_scores_vpt_classes_with_independent_keys():
    from openha.actions.vpt import VPTSpace, joint_bits

    model = make_policy("goap", action_head="flat")
    batch = make_batch(model, seed=7)
    with torch.no_grad():
        out = model(**batch)
    # each class's score is its key pattern's log-probability: all <= 0, camera axes sum to 1
    assert (out.buttons_logits <= 1e-6).all()
    assert torch.allclose(out.camera_logits.exp().sum(-1), torch.ones(2, model.config.window), atol=1e-5)
    bits = torch.from_numpy(joint_bits())
    assert bits.shape == (N_BUTTONS, 21) and len({tuple(r) for r in bits.tolist()}) == N_BUTTONS
    space = VPTSpace()
    pressed = bits[space.from_env({"attack": 1, "forward": 1, "camera": [0.0, 5.0]})["buttons"]]
    assert pressed[[0, 2, 20]].tolist() == [1, 1, 1] and pressed.sum() == 3  # attack, forward, camera


def test_config_overrides_name_real_fields():
    from policies.cli import parse_overrides

    assert parse_overrides(["action_head=flat", "compress_memory=false", "memory_capacity=4"]) == {
        "action_head": "flat", "compress_memory": False, "memory_capacity": 4}
    with pytest.raises(ValueError, match="KEY=VALUE"):
        parse_overrides(["action_head"])
    with pytest.raises(ValueError, match="no field 'actionhead'"):
        policies.make_config("goap", "tiny", actionhead="flat")
    with pytest.raises(ValueError, match="action_head 'joint'"):
        policies.make_config("goap", "tiny", action_head="joint")


def test_ablation_table_splits_seed_sets_and_counts_items():
    from policies.ablation_table import markdown, model_summary

    rows = [{"task": "mine_block/dirt", "seed": s, "success": s % 2 == 0,
             "counts": {"mine_block.dirt": 1 if s % 2 == 0 else 0}} for s in range(100, 106)]
    rows += [{"task": "mine_block/sand", "seed": s, "success": s < 102, "counts": {"mine_block.sand": 2 * (s < 102)}}
             for s in range(100, 106)]
    s = model_summary(rows, sets=3)
    assert s["tasks"]["mine_block/dirt"] == {"episodes": 6, "success": 0.5, "items": 0.5}
    assert s["tasks"]["mine_block/sand"]["items"] == pytest.approx(4 / 6)
    assert s["set_means"] == [0.75, 0.25, 0.25] and s["mean_success"] == pytest.approx(5 / 12)
    table = markdown({"goap": s})
    assert "| mine_block/sand | 33% (0.67) |" in table and "75% / 25% / 25%" in table
