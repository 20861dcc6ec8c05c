package io.herald.config;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.util.Set;

/**
 * Tells the pool to throw away a connection whose database is gone, so that the next one opens it
 * again. HikariCP already evicts on SQLState class 08 and PostgreSQL's shutdown states (57P01 and
 * its kin); H2 reports a closed or broken database with its own codes (SQLState = error code),
 * and a pooled connection to a database H2 closed, after an OutOfMemoryError or a
 * {@code SHUTDOWN}, would otherwise fail every statement until Herald restarts.
 */
final class ClosedDatabaseEviction implements SQLExceptionOverride {

    private static final Set<Integer> H2_GONE = Set.of(
            90098,  // DATABASE_IS_CLOSED: closed after a fatal error (out of memory, file trouble)
            90121,  // DATABASE_CALLED_AT_SHUTDOWN: closed by SHUTDOWN or at JVM exit
            90067,  // CONNECTION_BROKEN_1: the session is gone
            90108,  // OUT_OF_MEMORY: H2 closes the database after it
            90028,  // IO_EXCEPTION_1: the file failed
            90031); // IO_EXCEPTION_2

    /** True when {@code failure}, or one of its causes, is H2 saying that its database is closed or broken. */
    static boolean databaseGone(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && H2_GONE.contains(sql.getErrorCode())) {
                return true;
            }
        }
        return false;
    }

    @java.lang.Override
    public SQLExceptionOverride.Override adjudicate(SQLException e) {
        return H2_GONE.contains(e.getErrorCode())
                ? SQLExceptionOverride.Override.MUST_EVICT
                : SQLExceptionOverride.Override.CONTINUE_EVICT;
    }
}
