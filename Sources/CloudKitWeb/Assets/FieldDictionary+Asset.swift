extension FieldDictionary {
    /// An asset field as `records/modify` saves it after an upload: the upload's dictionary
    /// (receipt, checksum, size), typed `ASSETID`.
    package static func asset(_ asset: AssetDictionary, type: WireFieldType = .assetID) -> FieldDictionary {
        FieldDictionary(value: asset.json, type: type)
    }

    /// An asset list field: one dictionary per file, in order.
    package static func assetList(_ assets: [AssetDictionary], type: WireFieldType = .assetIDList) -> FieldDictionary {
        FieldDictionary(value: .array(assets.map(\.json)), type: type)
    }

    /// The asset this field holds, when it holds one object of asset shape; `nil` for a list or
    /// any other value.
    package var asset: AssetDictionary? { AssetDictionary(json: value) }

    /// The assets of an asset list field, in order; `nil` when the value is not a list of objects.
    package var assets: [AssetDictionary]? {
        guard case .array(let elements) = value else { return nil }
        var assets: [AssetDictionary] = []
        assets.reserveCapacity(elements.count)
        for element in elements {
            guard let asset = AssetDictionary(json: element) else { return nil }
            assets.append(asset)
        }
        return assets
    }
}

extension WireFieldType {
    /// `ASSET` or `ASSETID`: one file.
    package var isAsset: Bool { self == .asset || self == .assetID }

    /// `ASSET_LIST` or `ASSETID_LIST`: files in order.
    package var isAssetList: Bool { self == .assetList || self == .assetIDList }
}
