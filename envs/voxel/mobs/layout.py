"""Mob state layout: columns of the float / int tables, modes, flags, per-kind parameter
columns and the event codes the compiled tick reports. Shared by the kernel, the `Mob` views
and the AI."""

from __future__ import annotations

INVULNERABLE_TICKS = 10
DESPAWN_DISTANCE = 128.0
MAX_DROP = 3  # blocks a walking mob is willing to fall (Minecraft's path finder: 3)

# float row layout
FX, FY, FZ, FVX, FVY, FVZ, FYAW, FGX, FGZ, FSPD, FW, FH, FHP, FMAXHP, FDIST, FFALL = range(16)
NF = 16
# int row layout
IKIND, IGROUND, IHURT, IAGE, IMODE, ITHINK, ICOOL, IFUSE, IFLAGS, IRNG, IHCOLL, ISTUCK, ICOLOR = range(13)
NI = 13
# modes
IDLE, WALK, CHASE = 0, 1, 2
# flags
F_PERSISTENT, F_SHEARED, F_HOSTILE, F_PANIC = 1, 2, 4, 8
# per-kind parameters (rows of `Mobs.params`)
(P_SPEED, P_MELEE, P_MELEE_EVERY, P_RANGED_EVERY, P_RANGE, P_FUSE, P_FUSE_START, P_FUSE_STOP,
 P_STOP, P_LEAP, P_CLIMB, P_SLOWFALL, P_AVOID_WATER) = range(13)
NP = 13
# events reported by the kernel: (slot, code, arg)
EV_THINK, EV_MELEE, EV_SHOOT, EV_HISS, EV_EXPLODE, EV_DIED = range(1, 7)
# causes of EV_DIED
DIED_FALL, DIED_LAVA, DIED_VOID, DIED_DROWN = range(4)
DEATH_CAUSES = ("fall", "lava", "void", "drown")
