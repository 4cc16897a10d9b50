package io.tarbox.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How {@code --db} URLs become JDBC URLs, and how they are shown. */
class StoreFactoryTest {
    @Test
    void postgresUrlsBecomeJdbcUrlsWithCredentialsAsParameters() {
        assertEquals(
                "jdbc:postgresql://db.example:5433/tarbox?sslmode=require&user=me&password=p%40ss",
                StoreFactory.toJdbc("postgresql://me:p%40ss@db.example:5433/tarbox?sslmode=require"));
        assertEquals("jdbc:postgresql://localhost/tarbox", StoreFactory.toJdbc("postgres://localhost/tarbox"));
        assertEquals(
                "jdbc:postgresql://localhost/tarbox?user=me", StoreFactory.toJdbc("postgresql://me@localhost/tarbox"));
    }

    @Test
    void passwordsAreHiddenInMessages() {
        assertEquals("postgresql://me:***@host/db", StoreFactory.redact("postgresql://me:secret@host/db"));
        assertEquals(
                "jdbc:postgresql://host/db?user=me&password=***&ssl=true",
                StoreFactory.redact("jdbc:postgresql://host/db?user=me&password=secret&ssl=true"));
    }
}
