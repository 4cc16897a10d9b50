package io.tarbox.embed;

/** {@link EmbeddingApiTest} on a SQLite file. */
class SqliteEmbeddingApiTest extends EmbeddingApiTest {
    @Override
    String location() {
        return dir.resolve("app.db").toString();
    }
}
