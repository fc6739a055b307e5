import ArgumentParser

/// `--format` of `log` and `show`: text for a terminal, or Markdown for a pull-request comment or
/// a CI job summary (`--json` is the format for programs).
enum ReportFormat: String, CaseIterable, ExpressibleByArgument {
    case text
    case markdown
}
