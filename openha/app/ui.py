"""The Gradio Blocks layout: four tabs wired to the callbacks in `live.py` and `browse.py`."""

from __future__ import annotations

import os
from pathlib import Path

import gradio as gr

from . import panels
from .browse import BrowseTabs
from .controls import CONTROLS_JS, PAD_CSS, PAD_HTML
from .live import AppContext, LiveTabs
from .player import close_player
from .session import close_state
from .tasks import ALL_FAMILIES, FREE_PLAY, TaskCatalog
from .watch import agent_names

# live views ask for a frame every 20 ms (a tick still running drops the next; the sessions cap
# the game at 20 steps/s), so a frame is not held back to the next 50 ms boundary
TICK_S = 0.02
HIDDEN = {"show_progress": "hidden"}
# frame ticks skip Gradio's queue (a plain POST per frame): under load this doubles the frame rate
FRAME = {"show_progress": "hidden", "queue": False}


def _pov(elem_id: str, text: str) -> gr.HTML:
    return gr.HTML(
        panels.placeholder(text),
        html_template=panels.POV_TEMPLATE,
        css_template=panels.POV_CSS,
        js_on_load=None,
        elem_id=elem_id,
        apply_default_css=False,
    )


def _task_picker(ctx: AppContext, prefix: str, free_play: bool, default: str | None):
    cat = ctx.catalog
    with gr.Row():
        family = gr.Dropdown(
            cat.family_choices(),
            value=ALL_FAMILIES,
            label="family",
            scale=1,
            elem_id=f"{prefix}-family",
        )
        choices = cat.choices(None, free_play=free_play)
        values = [v for _, v in choices]
        value = default if default in values else (values[0] if values else None)
        task = gr.Dropdown(
            choices,
            value=value,
            label="task (type to search)",
            filterable=True,
            scale=3,
            elem_id=f"{prefix}-task",
        )
        seed = gr.Number(0, label="seed", precision=0, minimum=0, scale=1, elem_id=f"{prefix}-seed")
    return family, task, seed


def _player(browse: BrowseTabs, prefix: str):
    """A frame player (view, slider, play button, download) backed by a `Player` in gr.State."""
    state = gr.State(None, delete_callback=close_player)
    pov = _pov(f"{prefix}-player", "no episode selected")
    with gr.Row():
        play = gr.Button("▶ Play", scale=0, min_width=110, elem_id=f"{prefix}-play")
        frame = gr.Slider(0, 1, value=0, step=1, label="frame", scale=5, elem_id=f"{prefix}-frame")
    files = gr.File(label="files", file_count="multiple", interactive=False)
    timer = gr.Timer(TICK_S, active=False)
    play.click(browse.player_toggle, [state], [timer, play])
    timer.tick(browse.player_tick, [state], [pov, frame, timer, play], **FRAME)
    frame.release(browse.player_seek, [state, frame], [pov], **HIDDEN)
    return state, pov, frame, files


def build_app(
    tasks_root: str | Path | None = None,
    datasets_dir: str | Path | None = None,
    runs_dir: str | Path | None = None,
    width: int = 640,
    height: int = 360,
    default_task: str = "mine_block/dirt",
) -> gr.Blocks:
    """The openha app. `tasks_root` = a benchmark_tasks folder (default: the installed suite);
    `datasets_dir` = where Play records demonstrations and Datasets looks; `runs_dir` = where
    Results looks for `openha eval` runs. The env of each browser session is its own."""
    ctx = AppContext(
        catalog=TaskCatalog.load(tasks_root),
        datasets_dir=Path(datasets_dir or os.environ.get("OPENHA_DATASETS", "data/demos")),
        runs_dir=Path(runs_dir or os.environ.get("OPENHA_RUNS", "runs")),
        width=width, height=height,
    )  # fmt: skip
    live, browse = LiveTabs(ctx), BrowseTabs(ctx)
    with gr.Blocks(title="openha", fill_width=True, analytics_enabled=False) as demo:
        gr.Markdown(
            "## openha · play Minecraft (VoxelWorld), watch agents, browse results and datasets"
        )
        if ctx.catalog.error:
            gr.HTML(panels.message_html(ctx.catalog.error + "\nFree play still works.", "error"))
        with gr.Tabs():
            # -- Play ----------------------------------------------------------------------------
            with gr.Tab("Play", id="play") as play_tab:
                play_state = gr.State(None, delete_callback=close_state)
                family, task, seed = _task_picker(ctx, "play", True, FREE_PLAY)
                with gr.Row():
                    record = gr.Checkbox(
                        False, label="record from the start", scale=1, elem_id="play-record-start"
                    )
                    folder = gr.Textbox(str(ctx.datasets_dir), label="dataset folder", scale=3)
                    start = gr.Button("Start", variant="primary", scale=1, elem_id="play-start")
                    rec_btn = gr.Button("● Record / ■ save", scale=1, elem_id="play-record")
                with gr.Row():
                    with gr.Column(scale=3):
                        pov = _pov("play-pov", "Pick a task (or free play) and press Start")
                        pad = gr.HTML(
                            "{}",
                            html_template=PAD_HTML,
                            css_template=PAD_CSS,
                            js_on_load=CONTROLS_JS,
                            elem_id="play-pad",
                        )
                    with gr.Column(scale=1, min_width=260):
                        status = gr.HTML(
                            panels.status_html("play", 0, None, None), elem_id="play-status"
                        )
                        success = gr.HTML("", elem_id="play-success")
                        inv = gr.HTML(panels.inventory_html(None), elem_id="play-inventory")
                        msg = gr.HTML("", elem_id="play-msg")
                timer = gr.Timer(TICK_S, active=False)
                family.change(lambda f: live.task_choices(f, True), [family], [task], **HIDDEN)
                start.click(
                    live.play_start,
                    [play_state, task, seed, record, folder],
                    [play_state, pov, status, success, inv, msg, timer],
                )
                timer.tick(
                    live.play_tick, [play_state, pad], [pov, status, success, inv, timer], **FRAME
                )
                rec_btn.click(live.play_record, [play_state, folder], [msg, status])

            # -- Watch ---------------------------------------------------------------------------
            with gr.Tab("Watch", id="watch") as watch_tab:
                watch_state = gr.State(None, delete_callback=close_state)
                names = agent_names()
                with gr.Row():
                    agent = gr.Dropdown(
                        names,
                        value="expert" if "expert" in names else names[0],
                        label="agent",
                        allow_custom_value=True,
                        scale=1,
                        elem_id="watch-agent",
                        info="or type policy:PATH, hf:PATH, openai:URL#model …",
                    )
                wfamily, wtask, wseed = _task_picker(ctx, "watch", False, default_task)
                with gr.Row():
                    wstart = gr.Button("Start", variant="primary", elem_id="watch-start")
                    pause = gr.Button("❚❚ Pause", elem_id="watch-pause")
                    step = gr.Button("Step", elem_id="watch-step")
                    stop = gr.Button("Stop", elem_id="watch-stop")
                    speed = gr.Slider(
                        1, 20, value=1, step=1, label="steps per frame (speed)", scale=2
                    )
                with gr.Row():
                    with gr.Column(scale=3):
                        wpov = _pov("watch-pov", "Pick a task and an agent, then press Start")
                    with gr.Column(scale=1, min_width=260):
                        wstatus = gr.HTML(
                            panels.status_html("watch", 0, None, None), elem_id="watch-status"
                        )
                        wsuccess = gr.HTML("", elem_id="watch-success")
                        winv = gr.HTML(panels.inventory_html(None), elem_id="watch-inventory")
                        wmsg = gr.HTML("", elem_id="watch-msg")
                with gr.Row():
                    trace = gr.Textbox(
                        label="plan / Chain-of-Action", lines=4, elem_id="watch-trace"
                    )
                    action = gr.Textbox(label="action taken", lines=4, elem_id="watch-action")
                    video = gr.File(
                        label="episode video (mp4, when the episode ends)", elem_id="watch-video"
                    )
                wtimer = gr.Timer(TICK_S, active=False)
                views = [wpov, wstatus, wsuccess, winv, trace, action, video]
                wfamily.change(lambda f: live.task_choices(f, False), [wfamily], [wtask], **HIDDEN)
                wstart.click(
                    live.watch_start,
                    [watch_state, agent, wtask, wseed],
                    [watch_state, *views, wmsg, wtimer, pause],
                )
                wtimer.tick(live.watch_tick, [watch_state, speed], [*views, wtimer, pause], **FRAME)
                pause.click(live.watch_pause, [watch_state], [wtimer, pause])
                step.click(live.watch_step, [watch_state], [*views, wtimer, pause])
                stop.click(live.watch_stop, [watch_state], [*views, wtimer, pause])

            # -- Results -------------------------------------------------------------------------
            with gr.Tab("Results", id="results") as results_tab:
                eps_state = gr.State([])
                with gr.Row():
                    runs_root = gr.Textbox(str(ctx.runs_dir), label="runs folder", scale=3)
                    refresh = gr.Button("↻ find runs", scale=1)
                    run = gr.Dropdown(
                        [], label="run", allow_custom_value=True, scale=4, elem_id="results-run"
                    )
                rmsg = gr.HTML("", elem_id="results-msg")
                with gr.Row():
                    fam_table = gr.Dataframe(
                        label="success per family", interactive=False, elem_id="results-families"
                    )
                    plot = gr.BarPlot(
                        x="family", y="success %", y_lim=[0, 100], label="success rate (%)"
                    )
                gallery = gr.Gallery(
                    label="report plots (openha report)",
                    columns=3,
                    height=260,
                    object_fit="contain",
                )
                ep_table = gr.Dataframe(
                    label="episodes (select a row to play its video)",
                    interactive=False,
                    elem_id="results-episodes",
                )
                rplayer, rpov, rframe, rfiles = _player(browse, "results")
                rtrace = gr.Textbox(
                    label="episode trace (first lines of its JSONL)",
                    lines=6,
                    elem_id="results-trace",
                )
                refresh.click(browse.results_runs, [runs_root], [run, rmsg])
                run.change(
                    browse.results_load,
                    [run],
                    [fam_table, plot, gallery, ep_table, eps_state, rmsg],
                )
                ep_table.select(
                    browse.results_select,
                    [eps_state, rplayer],
                    [rplayer, rpov, rframe, rfiles, rtrace, rmsg],
                )

            # -- Datasets ------------------------------------------------------------------------
            with gr.Tab("Datasets", id="datasets") as datasets_tab:
                with gr.Row():
                    ds_folder = gr.Textbox(
                        str(ctx.datasets_dir),
                        label="dataset folder (demos and *.h5 shards)",
                        scale=3,
                    )
                    ds_refresh = gr.Button("↻ list episodes", scale=1)
                    ds_ep = gr.Dropdown([], label="episode", scale=4, elem_id="ds-episode")
                dmsg = gr.HTML("", elem_id="ds-msg")
                dplayer, dpov, dframe, dfiles = _player(browse, "ds")
                timeline = gr.HTML(
                    "", js_on_load=panels.TIMELINE_JS, elem_id="ds-timeline", label="goal segments"
                )
                with gr.Row():
                    meta = gr.JSON(label="metadata")
                    acts = gr.JSON(label="actions (ticks held)")
                ds_refresh.click(browse.datasets_list, [ds_folder], [ds_ep, dmsg])
                ds_ep.change(
                    browse.datasets_open,
                    [ds_ep, dplayer],
                    [dplayer, dpov, dframe, timeline, meta, acts, dfiles, dmsg],
                )
                timeline.click(browse.timeline_click, [dplayer], [dpov, dframe], **HIDDEN)

        # the game waits while its tab is hidden (and stops costing CPU); it resumes on return
        play_tab.select(live.play_resume, [play_state], [timer], **HIDDEN)
        for tab in (watch_tab, results_tab, datasets_tab):
            tab.select(lambda: gr.Timer(active=False), None, [timer], **HIDDEN)
        demo.load(browse.results_runs, [runs_root], [run, rmsg])
        demo.load(browse.datasets_list, [ds_folder], [ds_ep, dmsg])
        demo.unload(live.unload)
    demo.openha = ctx  # for tests and diagnostics: ctx.registry.live() counts open envs
    return demo


def launch(
    demo: gr.Blocks | None = None,
    host: str = "127.0.0.1",
    port: int | None = None,
    share: bool = False,
    **kwargs,
) -> gr.Blocks:
    """Start the app on `host:port` (a free port from 7860 up when None)."""
    demo = demo or build_app()
    demo.queue(default_concurrency_limit=4)
    demo.launch(server_name=host, server_port=port, share=share, **kwargs)
    return demo
