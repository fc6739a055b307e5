/// The commented `cksync.toml` that `cksync init` writes.
///
/// It is valid as written: the embedded `local` remote is active and is the default, every
/// other key is shown commented out with its default, and the example `[[types]]` block is
/// commented out, so a fresh workspace has no record types until the user declares one.
public enum ConfigurationTemplate {
    /// The template text, ending in a newline.
    public static let text: String = """
        # cksync.toml: how the files of this workspace map to CloudKit records.
        # Every key is documented in docs/configuration.md. Unknown keys are an error.

        # The remote used when --remote is not given.
        default-remote = "local"

        # The embedded remote: a SQLite file with CloudKit's semantics, no network.
        [remotes.local]
        kind = "local"
        # path = ".cksync/local.sqlite"            # the default

        # A CloudKit database (or `cksync serve`, through `endpoint`).
        # [remotes.production]
        # kind = "cloudkit"
        # container = "iCloud.com.example.App"      # required; starts with "iCloud."
        # environment = "development"               # development | production
        # database = "public"                       # public | private
        # zone = "_defaultZone"
        # key-id = "…"                              # server-to-server key id
        # private-key-file = "eckey.pem"            # or the CKSYNC_PRIVATE_KEY environment variable (PEM text)
        # endpoint = "https://api.apple-cloudkit.com"
        # schema = "schema.ckdb"                    # the schema `cktool export-schema` wrote; in production,
        #                                           # push first checks it covers the types below

        # One [[types]] block per source file: each file maps to one CloudKit record type.
        # [[types]]
        # name = "Airport"                          # CloudKit record type
        # source = "data/airports.csv"              # relative to this file's folder
        # format = "csv"                            # csv | json | jsonl; by default from the extension
        # record-name = "{icao}"                    # source columns in braces; "{$key}" = key of a JSON object
        # invalid-records = "skip"                  # leave out and list records that cannot be mapped
        #                                           # (default "error": the first one stops the read)
        #
        # [types.fields]                            # CloudKit field name = how to build it
        # name = "STRING"                           # short form: the column of the same name, this type
        # elevation = "INT64"
        # scheduled = "BOOLEAN"                     # true/false, yes/no, 1/0; stored as INT64 0 or 1
        # location = { type = "LOCATION", latitude = "lat", longitude = "lon" }
        # timezone = { type = "STRING", from = "tz" }
        # aliases = { type = "STRING_LIST", from = "alternatenames", separator = "|" }
        # country = { type = "REFERENCE", from = "country_code", action = "NONE" }   # NONE | DELETE_SELF | VALIDATE
        # iata = { type = "STRING", indexes = ["QUERYABLE", "SORTABLE"] }   # indexes in `cksync schema`; also SEARCHABLE
        #
        # [types.compare]                           # when two versions of a record count as equal
        # location-tolerance = 0.0001               # degrees; the default
        # double-tolerance = 0.0                    # absolute, for DOUBLE fields
        # ignore = ["timezone"]                     # fields that never make a record "updated"

        # The grants of every record type in `cksync schema`; these are the default.
        # [schema.grants]
        # _creator = ["WRITE"]                      # READ | CREATE | WRITE
        # _icloud = ["CREATE"]
        # _world = ["READ"]

        # [gc]
        # auto = true                               # a sync repacks .cksync/repo past 50 packs; false: only `cksync gc`

        """
}
