/// The value of a LOCATION field. Only `latitude` and `longitude` are needed in requests.
package struct LocationDictionary: Hashable, Sendable, Codable {
    /// Degrees.
    package var latitude: Double
    /// Degrees.
    package var longitude: Double
    /// Metres.
    package var horizontalAccuracy: Double?
    /// Metres.
    package var verticalAccuracy: Double?
    /// Metres.
    package var altitude: Double?
    /// Metres per second.
    package var speed: Double?
    /// Degrees.
    package var course: Double?
    /// Milliseconds since 1970-01-01T00:00:00Z.
    package var timestamp: Int64?

    package init(
        latitude: Double, longitude: Double, horizontalAccuracy: Double? = nil, verticalAccuracy: Double? = nil,
        altitude: Double? = nil, speed: Double? = nil, course: Double? = nil, timestamp: Int64? = nil
    ) {
        self.latitude = latitude
        self.longitude = longitude
        self.horizontalAccuracy = horizontalAccuracy
        self.verticalAccuracy = verticalAccuracy
        self.altitude = altitude
        self.speed = speed
        self.course = course
        self.timestamp = timestamp
    }
}

extension LocationDictionary {
    /// Reads a location from a field's JSON value; `nil` without numeric `latitude` and `longitude`.
    package init?(json: WireJSONValue) {
        guard let latitude = json["latitude"]?.number, let longitude = json["longitude"]?.number else { return nil }
        self.init(
            latitude: latitude, longitude: longitude, horizontalAccuracy: json["horizontalAccuracy"]?.number,
            verticalAccuracy: json["verticalAccuracy"]?.number, altitude: json["altitude"]?.number,
            speed: json["speed"]?.number, course: json["course"]?.number)
        if case .integer(let timestamp)? = json["timestamp"] { self.timestamp = timestamp }
    }

    /// The field value JSON of this location; absent members left out.
    package var json: WireJSONValue {
        var members: [String: WireJSONValue] = ["latitude": .double(latitude), "longitude": .double(longitude)]
        let optional: [(String, Double?)] = [
            ("horizontalAccuracy", horizontalAccuracy), ("verticalAccuracy", verticalAccuracy),
            ("altitude", altitude), ("speed", speed), ("course", course),
        ]
        for case (let key, let value?) in optional { members[key] = .double(value) }
        if let timestamp { members["timestamp"] = .integer(timestamp) }
        return .object(members)
    }
}
