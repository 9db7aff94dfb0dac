/// Namespace marker for the RehookPlanning module; see docs/architecture.md.
public enum RehookPlanningModule {
    public static let name = "RehookPlanning"
}
