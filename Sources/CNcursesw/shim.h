// A small shim over ncursesw for Swift 6.
// SwiftPM drops pkg-config's -D flags, so the wide-character API is enabled here,
// before curses.h is included. Macros (COLOR_PAIR, getmaxyx) and mutable globals
// (stdscr, COLORS, COLOR_PAIRS) cannot be used from Swift 6, so they are wrapped
// in static inline functions.
#ifndef EVALTOP_CNCURSESW_SHIM_H
#define EVALTOP_CNCURSESW_SHIM_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

static inline WINDOW *evt_stdscr(void) { return stdscr; }
static inline int evt_colors(void) { return COLORS; }
static inline int evt_color_pairs(void) { return COLOR_PAIRS; }
static inline int evt_lines(void) { return LINES; }
static inline int evt_cols(void) { return COLS; }
static inline attr_t evt_color_pair(int pair) { return (attr_t)COLOR_PAIR(pair); }
static inline void evt_getmaxyx(WINDOW *w, int *y, int *x) { int yy, xx; getmaxyx(w, yy, xx); *y = yy; *x = xx; }

static inline attr_t evt_a_bold(void) { return A_BOLD; }
static inline attr_t evt_a_dim(void) { return A_DIM; }
static inline attr_t evt_a_underline(void) { return A_UNDERLINE; }
static inline attr_t evt_a_reverse(void) { return A_REVERSE; }
static inline attr_t evt_a_italic(void) { return A_ITALIC; }
static inline attr_t evt_a_normal(void) { return A_NORMAL; }

static inline int evt_key_resize(void) { return KEY_RESIZE; }
static inline int evt_key_mouse(void) { return KEY_MOUSE; }
static inline int evt_err(void) { return ERR; }
static inline int evt_key_code_yes(void) { return KEY_CODE_YES; }
static inline mmask_t evt_all_mouse_events(void) { return ALL_MOUSE_EVENTS | REPORT_MOUSE_POSITION; }
static inline mmask_t evt_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t evt_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t evt_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t evt_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t evt_button5_pressed(void) {
#ifdef BUTTON5_PRESSED
    return BUTTON5_PRESSED;
#else
    return 0;
#endif
}

/// A terminfo string capability, or NULL when the entry lacks it (tigetstr's -1 and 0).
static inline const char *evt_tigetstr(const char *name) {
    char *value = tigetstr(name);
    return (value == (char *)-1) ? NULL : value;
}

/// Writes one cell: a (possibly wide) character with attributes and a colour pair.
static inline int evt_put_cell(int y, int x, const wchar_t *wch, attr_t attrs, short pair) {
    cchar_t cc;
    if (setcchar(&cc, wch, attrs, pair, NULL) == ERR) return ERR;
    return mvwadd_wch(stdscr, y, x, &cc);
}

#endif
