/** Timers kept in a SQL read-model database: {@link dev.vellum.timer.sql.SqlTimerStore}. */
package dev.vellum.timer.sql;
