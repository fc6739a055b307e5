// The CloudKit Web Services protocol: its values, shared by the local store and the HTTP client.
