"""Rapport's themes: dark, light and high-contrast, plus Textual's ANSI themes for
16-colour terminals and slow links (they draw with the terminal's own colours)."""

from __future__ import annotations

from pathlib import Path

from textual.theme import Theme

TCSS = Path(__file__).with_name("rapport.tcss")

RAPPORT_DARK = Theme(
    name="rapport-dark",
    primary="#5FAFFF",
    secondary="#87AFD7",
    accent="#FFAF5F",
    foreground="#E4E4E4",
    background="#1C1C1C",
    surface="#242424",
    panel="#303030",
    success="#87D787",
    warning="#FFD75F",
    error="#FF6B6B",
    dark=True,
)

RAPPORT_LIGHT = Theme(
    name="rapport-light",
    primary="#005FAF",
    secondary="#5F5F87",
    accent="#AF5F00",
    foreground="#1C1C1C",
    background="#FAFAFA",
    surface="#F0F0F0",
    panel="#E0E0E0",
    success="#007F00",
    warning="#8A6100",
    error="#C00000",
    dark=False,
)

RAPPORT_CONTRAST = Theme(
    name="rapport-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FF00FF",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    success="#00FF00",
    warning="#FFFF00",
    error="#FF4040",
    boost="#FFFFFF",
    dark=True,
    variables={
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "border": "#FFFFFF",
        "text-muted": "#D0D0D0",
    },
)

THEMES: dict[str, Theme] = {t.name: t for t in (RAPPORT_DARK, RAPPORT_LIGHT, RAPPORT_CONTRAST)}
ANSI_THEMES = ("ansi-dark", "ansi-light")
"""Textual's built-in themes that use only the terminal's 16 colours."""
OFFERED = (*THEMES, *ANSI_THEMES)
DEFAULT_THEME = "rapport-dark"
