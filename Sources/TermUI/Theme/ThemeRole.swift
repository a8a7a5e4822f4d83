/// The semantic roles a theme assigns styles to. Screens ask for roles, never for colours.
public enum ThemeRole: String, CaseIterable, Hashable, Sendable {
    // General text and frames
    case text, muted, title, border, border_focused, header
    // Selection and lists
    case selection, selection_unfocused, overlay, overlay_border, prompt, prompt_cursor
    // Status bar and messages
    case status_bar, status_key, status_message, error, warning, info
    // Meaning of numbers
    case good, bad, neutral, changed_threshold
    // Plots
    case roc_curve, pr_curve, diagonal, operating_point, suggested_point, axis, plot_label
    // Slider
    case slider_bar, slider_filled, slider_marker, slider_value
    // Details and flags
    case flagged, labeled, url
    // Matrix
    case matrix_diagonal, matrix_selected, heat_low, heat_high
    // Tabs
    case tab_active, tab_inactive
    // Progress
    case progress_bar
}
