/// Reads the CloudKit Schema Language (cloudkit-protocol.md §12) into a `CloudKitSchema`:
///
/// ```
/// file      := DEFINE SCHEMA statement*
/// statement := CREATE ROLE name ";" | RECORD TYPE name "(" member ("," member)* [","] ")" ";"
/// member    := GRANT permission ("," permission)* TO name | name type index*
/// type      := LIST "<" type ">" | ENCRYPTED type | NUMBER [PREFERRED AS INT64|DOUBLE] | scalar
/// index     := QUERYABLE | SEARCHABLE | SORTABLE
/// ```
///
/// Keywords are case-insensitive; names are bare words or double-quoted.
struct SchemaParser {
    private let tokens: [SchemaToken]
    private let file: String
    private var position = 0

    init(text: String, file: String) throws(InputError) {
        var lexer = SchemaLexer(text: text, file: file)
        tokens = try lexer.tokens()
        self.file = file
    }

    mutating func parseFile() throws(InputError) -> CloudKitSchema {
        try expectKeyword("DEFINE", "a schema file starts with DEFINE SCHEMA")
        try expectKeyword("SCHEMA", "a schema file starts with DEFINE SCHEMA")
        var schema = CloudKitSchema(recordTypes: [])
        while current.kind != .end {
            if take("CREATE") {
                try expectKeyword("ROLE", "expected ROLE after CREATE")
                let role = try name("a role name")
                guard !schema.roles.contains(role) else { throw error("role \"\(role)\" is created twice") }
                schema.roles.append(role)
            } else if take("RECORD") {
                try expectKeyword("TYPE", "expected TYPE after RECORD")
                let line = current.line
                let type = try recordType()
                if schema.recordType(named: type.name) != nil {
                    throw InputError(file: file, line: line, message: "record type \"\(type.name)\" is defined twice")
                }
                schema.recordTypes.append(type)
            } else {
                throw error("expected CREATE ROLE or RECORD TYPE, found \(current.display)")
            }
            try expectSymbol(";", "after the statement")
        }
        return schema
    }

    // MARK: - Statements

    private mutating func recordType() throws(InputError) -> RecordTypeSchema {
        let typeName = try name("a record type name")
        try expectSymbol("(", "after RECORD TYPE \(typeName)")
        var type = RecordTypeSchema(name: typeName, fields: [], grants: [])
        while true {
            if take("GRANT") {
                type.grants.append(try grant())
            } else {
                let fieldLine = current.line
                let field = try field()
                if type.field(named: field.name) != nil {
                    throw InputError(
                        file: file, line: fieldLine,
                        message: "record type \"\(typeName)\": field \"\(field.name)\" is defined twice")
                }
                type.fields.append(field)
            }
            if takeSymbol(",") {
                if takeSymbol(")") { return type }
                continue
            }
            try expectSymbol(")", "or \",\" after a member of RECORD TYPE \(typeName)")
            return type
        }
    }

    private mutating func grant() throws(InputError) -> SchemaGrant {
        var permissions: [SchemaPermission] = []
        repeat {
            guard case .word(let word) = current.kind, let permission = SchemaPermission(rawValue: word.uppercased())
            else { throw error("expected READ, CREATE or WRITE after GRANT, found \(current.display)") }
            position += 1
            permissions.append(permission)
        } while takeSymbol(",")
        try expectKeyword("TO", "expected TO after the permissions of GRANT")
        return SchemaGrant(role: try name("a role name"), permissions: permissions)
    }

    private mutating func field() throws(InputError) -> FieldSchema {
        let fieldName = try name("a field name or GRANT")
        let type = try fieldType(of: fieldName)
        var indexes: [SchemaIndex] = []
        while case .word(let word) = current.kind {
            guard let index = SchemaIndex(rawValue: word.uppercased()) else {
                throw error(
                    "field \"\(fieldName)\": unknown option \(current.display) (expected QUERYABLE, SEARCHABLE or "
                        + "SORTABLE, or \",\" before the next member)")
            }
            position += 1
            indexes.append(index)
        }
        return FieldSchema(name: fieldName, type: type, indexes: indexes)
    }

    private mutating func fieldType(of fieldName: String) throws(InputError) -> SchemaFieldType {
        guard case .word(let word) = current.kind else {
            throw error("field \"\(fieldName)\": expected a type, found \(current.display)")
        }
        position += 1
        switch word.uppercased() {
        case "LIST":
            try expectSymbol("<", "after LIST")
            let element = try fieldType(of: fieldName)
            try expectSymbol(">", "after the element type of LIST")
            return .list(element)
        case "ENCRYPTED":
            return .encrypted(try fieldType(of: fieldName))
        case "NUMBER":
            guard take("PREFERRED") else { return .number(preferred: nil) }
            try expectKeyword("AS", "expected AS after PREFERRED")
            guard case .word(let preferred) = current.kind,
                let scalar = SchemaFieldType.Scalar(rawValue: preferred.uppercased()),
                scalar == .int64 || scalar == .double
            else { throw error("field \"\(fieldName)\": expected INT64 or DOUBLE after PREFERRED AS") }
            position += 1
            return .number(preferred: scalar)
        default:
            guard let scalar = SchemaFieldType.Scalar(rawValue: word.uppercased()) else {
                let known = SchemaFieldType.Scalar.allCases.map(\.rawValue) + ["NUMBER", "LIST<…>", "ENCRYPTED …"]
                throw InputError(
                    file: file, line: tokens[position - 1].line, column: tokens[position - 1].column,
                    message:
                        "field \"\(fieldName)\": unknown type \"\(word)\" (expected \(known.joined(separator: ", ")))")
            }
            return .scalar(scalar)
        }
    }

    // MARK: - Tokens

    private var current: SchemaToken { tokens[position] }

    /// A bare word or a quoted name. A keyword is a name where a name is expected (a field
    /// called `type`); GRANT, the one word that starts another member, is taken before this.
    private mutating func name(_ what: String) throws(InputError) -> String {
        switch current.kind {
        case .quoted(let name):
            guard !name.isEmpty else { throw error("expected \(what), found an empty name") }
            position += 1
            return name
        case .word(let word) where !word.first!.isNumber:
            position += 1
            return word
        default:
            throw error("expected \(what), found \(current.display)")
        }
    }

    private mutating func take(_ keyword: String) -> Bool {
        guard case .word(let word) = current.kind, word.uppercased() == keyword else { return false }
        position += 1
        return true
    }

    private mutating func takeSymbol(_ symbol: Character) -> Bool {
        guard current.kind == .symbol(symbol) else { return false }
        position += 1
        return true
    }

    private mutating func expectKeyword(_ keyword: String, _ message: String) throws(InputError) {
        guard take(keyword) else { throw error("\(message), found \(current.display)") }
    }

    private mutating func expectSymbol(_ symbol: Character, _ context: String) throws(InputError) {
        guard takeSymbol(symbol) else { throw error("expected \"\(symbol)\" \(context), found \(current.display)") }
    }

    private func error(_ message: String) -> InputError {
        InputError(file: file, line: current.line, column: current.column, message: message)
    }
}

extension CloudKitSchema {
    /// Parses a schema in the CloudKit Schema Language, as `cktool export-schema` writes it.
    ///
    /// - Parameters:
    ///   - text: the file's text.
    ///   - file: how error messages name the file.
    /// - Throws: `InputError` naming the file, line and column, and what was expected there.
    public init(parsing text: String, file: String) throws(InputError) {
        var parser = try SchemaParser(text: text, file: file)
        self = try parser.parseFile()
    }
}
