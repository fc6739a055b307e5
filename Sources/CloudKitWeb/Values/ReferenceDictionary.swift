/// The value of a REFERENCE field: `{"recordName": "Artist-42", "zoneID": {…}, "action": "NONE"}`.
package struct ReferenceDictionary: Hashable, Sendable, Codable {
    package var recordName: String
    /// The target's zone; `nil` means the referencing record's zone.
    package var zoneID: ZoneID?
    /// `NONE`, `DELETE_SELF` or `VALIDATE`.
    package var action: String?

    package init(recordName: String, zoneID: ZoneID? = nil, action: String? = nil) {
        self.recordName = recordName
        self.zoneID = zoneID
        self.action = action
    }
}

extension ReferenceDictionary {
    /// Reads a reference from a field's JSON value; `nil` without a string `recordName`.
    package init?(json: WireJSONValue) {
        guard case .string(let recordName)? = json["recordName"] else { return nil }
        var zoneID: ZoneID?
        if case .string(let zoneName)? = json["zoneID"]?["zoneName"] {
            var owner: String?
            if case .string(let name)? = json["zoneID"]?["ownerRecordName"] ?? json["zoneID"]?["ownerName"] {
                owner = name
            }
            zoneID = ZoneID(zoneName: zoneName, ownerRecordName: owner)
        }
        var action: String?
        if case .string(let text)? = json["action"] { action = text }
        self.init(recordName: recordName, zoneID: zoneID, action: action)
    }

    /// The field value JSON of this reference.
    package var json: WireJSONValue {
        var members: [String: WireJSONValue] = ["recordName": .string(recordName)]
        if let action { members["action"] = .string(action) }
        if let zoneID {
            var zone: [String: WireJSONValue] = ["zoneName": .string(zoneID.zoneName)]
            if let owner = zoneID.ownerRecordName { zone["ownerRecordName"] = .string(owner) }
            members["zoneID"] = .object(zone)
        }
        return .object(members)
    }
}
