package dev.vellum.postgres;

/** What the store does with its tables when it opens. */
public enum SchemaMode {

    /**
     * Creates the schema and tables when missing and applies the migrations a newer Vellum added,
     * each recorded in {@code schema_version}. Several nodes starting at once migrate one at a time.
     * The default.
     */
    MIGRATE,

    /**
     * Changes nothing: checks that the tables are at the version this Vellum uses and refuses to
     * open with a {@link SchemaValidationException} otherwise. For deployments where the
     * application's database role may not run DDL and migrations are applied separately.
     */
    VALIDATE
}
