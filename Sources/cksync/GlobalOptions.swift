import ArgumentParser

/// Options every command takes, before or after the command name (`cksync -C dir status`).
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .customShort("C"),
        help: ArgumentHelp(
            "Run as if cksync was started in <dir>; the workspace is found from there, as from the current folder.",
            valueName: "dir"))
    var directory: String?

    @Option(
        help: ArgumentHelp(
            "The configuration file; its folder is the workspace (default: the nearest cksync.toml in <dir> or a parent).",
            valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("The remote to compare with (default: default-remote).", valueName: "name"))
    var remote: String?

    @Flag(help: "Print one JSON document instead of text.")
    var json = false

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Print more detail.")
    var verbose = false

    @Flag(name: .customLong("no-color"), help: "Never colour the output (colour is used only on a terminal).")
    var noColor = false

    @Flag(
        name: .customLong("no-pager"),
        help: "Never page diff, show and log (on a terminal they go through CKSYNC_PAGER, PAGER, or less -FRX).")
    var noPager = false
}
