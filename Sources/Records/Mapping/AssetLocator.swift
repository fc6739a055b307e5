import Foundation

/// Turns the source values of one type's ASSET and ASSET_LIST fields into assets: each value is
/// a path relative to the type's asset folder (`assets`, else the folder of its source), checked to
/// stay inside the workspace by its text, then handed to the resolver.
struct AssetLocator: Sendable {
    /// The workspace folder, absolute and normalized.
    let workspace: String
    /// The folder values are relative to, absolute (not normalized: a source outside the
    /// workspace has one, and its files are refused when they are outside too).
    let base: String
    let resolver: any AssetResolving

    init(type: RecordTypeConfiguration, workspace: String, resolver: any AssetResolving) {
        let absolute = workspace.hasPrefix("/") ? workspace : FileManager.default.currentDirectoryPath + "/" + workspace
        self.workspace = "/" + (WorkspacePath.normalized(absolute) ?? "")
        if let assets = type.assets {
            base = self.workspace + "/" + assets
        } else if type.source.hasPrefix("/") {
            base = WorkspacePath.folder(of: type.source)
        } else {
            base = self.workspace + "/" + WorkspacePath.folder(of: type.source)
        }
        self.resolver = resolver
    }

    /// The value of an ASSET or ASSET_LIST field; `nil` when absent.
    func convert(_ raw: RawValue?, to mapping: FieldMapping) throws(FieldConversionError) -> FieldValue? {
        guard let raw, !FieldConverter.isAbsent(raw) else { return nil }
        guard mapping.type == .assetList else { return .asset(try asset(raw)) }
        return try FieldConverter.list(raw, mapping: mapping) { element throws(FieldConversionError) in
            .asset(try asset(element))
        }
    }

    /// One file's asset.
    func asset(_ raw: RawValue) throws(FieldConversionError) -> Asset {
        guard case .string(let text) = raw, !text.isEmpty else {
            throw FieldConversionError(
                message: "\(FieldConverter.describe(raw)) is not an ASSET (expected the path of a file)")
        }
        let named = text.debugDescription
        // No file name holds a NUL; the system would read the path only up to it.
        guard !text.utf8.contains(0) else {
            throw FieldConversionError(message: "asset \(named) holds a NUL character")
        }
        let path = text.hasPrefix("/") ? text : base + "/" + text
        guard let workspacePath = WorkspacePath.relative(path, inside: workspace), !workspacePath.isEmpty else {
            throw FieldConversionError(message: "asset \(named) is outside the workspace")
        }
        let file = AssetFile(path: workspace + "/" + workspacePath, workspacePath: workspacePath, workspace: workspace)
        do {
            return try resolver.asset(at: file)
        } catch {
            let shown = workspacePath == text ? named : "\(named) (\(workspacePath))"
            throw FieldConversionError(message: "asset \(shown): \(error.message)")
        }
    }
}
