extension CloudKitSchema {
    /// Reads and parses a `.ckdb` file, as `cktool export-schema` writes it.
    ///
    /// - Parameters:
    ///   - path: where to read the file.
    ///   - displayPath: how error messages name it (as the user wrote it).
    /// - Throws: `InputError` naming the file (and the line and column of a syntax error).
    public static func load(path: String, displayPath: String) throws(InputError) -> CloudKitSchema {
        let text: String
        do {
            text = try TextFile.read(path)
        } catch {
            throw InputError(file: displayPath, message: error.message)
        }
        return try CloudKitSchema(parsing: text, file: displayPath)
    }
}
