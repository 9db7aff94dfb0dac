import Foundation
import RehookModel

/// How a plan is rendered. Renderers are pure: the same plan and options give the same text.
public struct RenderOptions: Sendable, Hashable {
    /// Colour escape codes on or off (decide with `OutputPolicy`). Only the human format
    /// uses colour.
    public var colorMode: ColorMode
    /// The width, in characters, beyond which a before/after pair goes on two lines.
    public var width: Int

    /// Markdown only: the most characters the output may have (a GitHub comment holds 65,536).
    public var markdownLimit: Int
    /// Markdown only: counts, digest and findings without the per-webhook details.
    public var summaryOnly: Bool

    public init(colorMode: ColorMode = .never, width: Int = 100, markdownLimit: Int = 65_536, summaryOnly: Bool = false) {
        self.colorMode = colorMode
        self.width = width
        self.markdownLimit = markdownLimit
        self.summaryOnly = summaryOnly
    }
}

/// The output formats of `rehook plan --format`.
public enum PlanOutputFormat: String, Sendable, Hashable, CaseIterable {
    /// The Terraform-like diff for a terminal.
    case human
    /// The versioned plan file (`docs/plan-format.md`).
    case json
    /// A summary table and collapsible diffs for a pull-request comment.
    case markdown

    /// Renders `plan` in this format. Every format ends with a newline.
    public func render(_ plan: Plan, options: RenderOptions = RenderOptions()) -> String {
        switch self {
        case .human: HumanPlanRenderer.render(plan, options: options)
        case .json: String(decoding: PlanFile.encode(plan), as: UTF8.self) + "\n"
        case .markdown: MarkdownPlanRenderer.render(plan, options: options)
        }
    }
}
