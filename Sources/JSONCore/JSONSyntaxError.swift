/// What the lexer found wrong, and where: the one description of JSON syntax errors that every
/// layer above the core words in its own error type (a source file names line and column, a blob
/// its byte offset, a wire body the coding path), so none of them re-implements the checks.
package struct JSONSyntaxError: Error, Hashable, Sendable {
    package enum Kind: Hashable, Sendable {
        /// A raw byte below 0x20 inside a string (RFC 8259 §7: it must be escaped); `offset` is at it.
        case controlCharacterInString(UInt8)
        /// The input ends before the closing quote; `offset` is at the opening quote.
        case unterminatedString
        /// The input ends right after a backslash; `offset` is at the backslash.
        case unterminatedEscape
        /// `\u` without four hexadecimal digits; `offset` is at the backslash.
        case badUnicodeEscape
        /// A backslash followed by anything but `" \ / b f n r t u`; `offset` is at the backslash.
        case invalidEscape
        /// `\uD800`–`\uDBFF` not followed by an escaped low surrogate; `offset` is at its backslash.
        case unpairedHighSurrogate
        /// `\uDC00`–`\uDFFF` without a high surrogate before it; `offset` is at its backslash.
        case unpairedLowSurrogate
        /// A string's bytes are not UTF-8; `offset` is at the first byte of the bad sequence.
        case invalidUTF8
        /// A number without a digit where one must start (after an optional `-`); `offset` is there.
        case numberExpectsDigit
        /// A number with a leading zero (`01`); `offset` is at the digit after the zero.
        case numberLeadingZero
        /// A `.` not followed by a digit; `offset` is just after the `.`.
        case numberFractionExpectsDigit
        /// An exponent without digits; `offset` is where its first digit should be.
        case numberExponentExpectsDigit
        /// More than `JSONLexer.maximumDepth` nested arrays and objects; `offset` is at the opening bracket.
        case tooDeep
        /// Not the literal `true`, `false` or `null` that its first byte promised; `offset` is at it.
        case badLiteral
    }

    package var kind: Kind
    /// The 0-based byte offset in the lexer's buffer.
    package var offset: Int

    @inlinable
    package init(_ kind: Kind, at offset: Int) {
        self.kind = kind
        self.offset = offset
    }
}
