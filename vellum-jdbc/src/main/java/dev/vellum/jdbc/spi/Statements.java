package dev.vellum.jdbc.spi;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Where the shared queries get their prepared statements: a connection with a statement cache, or
 * one that prepares afresh. The queries never close what they get; the source owns it.
 */
@FunctionalInterface
public interface Statements {

    /** The prepared statement for {@code sql}. */
    PreparedStatement prepare(String sql) throws SQLException;
}
