"""Where a lesson fits the French curriculum: the one registry of school years and the
competences and themes lesson.toml's [curriculum] table may name, French label then English.

Technologie, cycle 4 (programme applied from 2024, years 5e, 4e, 3e), SNT (seconde, theme
"Informatique embarquée et objets connectés") and, optionally, NSI (première). Ids are short
French slugs; `atelier lessons --level` / `--topic` filter on them.
"""

from __future__ import annotations

# Technologie, cycle 4: the years a lesson suits
TECHNOLOGIE_YEARS = ("5e", "4e", "3e")

# the programming competences a lesson trains: id -> (French, English). The labels are the
# wording of the issue that asked for them (issue 13); the 2024 programme's own text
# (sti.eduscol.education.fr, "Programme de technologie du cycle 4", March 2024) is to be
# checked against them before more ids are added.
TECHNOLOGIE_COMPETENCES = {
    "modifier-programme": ("modifier un programme", "modify a program"),
    "traduire-algorithme": ("traduire un algorithme", "translate an algorithm into a program"),
    "concevoir-programme": (
        "concevoir, écrire, tester et mettre au point un programme",
        "design, write, test and debug a program",
    ),
    "protocole-test": ("proposer un protocole de test", "propose a test protocol"),
}

# SNT, theme "Informatique embarquée et objets connectés"
SNT_TOPICS = {
    "acquisition-donnees": ("acquisition de données (capteurs)", "data acquisition (sensors)"),
    "commande-actionneur": ("commande d'un actionneur", "driving an actuator"),
    "ihm": ("interface homme-machine (IHM)", "human-machine interface (HMI)"),
}

# NSI, première, "Architectures matérielles": optional
NSI_TOPICS = {
    "peripheriques": (
        "périphériques d'entrée et de sortie, capteurs, actionneurs, IHM",
        "input and output devices, sensors, actuators, HMI",
    ),
}

# what `atelier lessons --level` takes: the Technologie years, and the lycée classes of SNT/NSI
LEVELS = (*TECHNOLOGIE_YEARS, "2de", "1re")


def topics() -> dict[str, tuple[str, str]]:
    """Every id `atelier lessons --topic` takes, with its labels."""
    return {**TECHNOLOGIE_COMPETENCES, **SNT_TOPICS, **NSI_TOPICS}
