import RehookModel

/// The colours plan output uses: green for additions, red for removals, yellow for updates.
public enum TerminalColor: String, Sendable, Hashable {
    case green = "32"
    case red = "31"
    case yellow = "33"
    case bold = "1"
}

/// Wraps text in ANSI escape codes when colour is on, and returns it untouched when off.
public struct TerminalStyle: Sendable, Hashable {
    public let mode: ColorMode

    public init(mode: ColorMode) {
        self.mode = mode
    }

    /// `text` in `color`, or plain `text` when colour is off or the text is empty.
    public func paint(_ text: String, _ color: TerminalColor) -> String {
        guard mode == .always, !text.isEmpty else { return text }
        return ANSIStyle.wrap(text, codes: color.rawValue)
    }
}
