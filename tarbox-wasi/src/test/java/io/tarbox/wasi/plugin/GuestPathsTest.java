package io.tarbox.wasi.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GuestPathsTest {

    @Test
    void normalizesAbsolutePathsAndRefusesTheRest() {
        assertEquals("/", GuestPaths.normalize("/"));
        assertEquals("/", GuestPaths.normalize("//./"));
        assertEquals("/a/b", GuestPaths.normalize("/a//b/./"));
        assertNull(GuestPaths.normalize("a/b"));
        assertNull(GuestPaths.normalize(""));
        assertNull(GuestPaths.normalize("/a/../b"));
        assertNull(GuestPaths.normalize("/.."));
        assertNull(GuestPaths.normalize("/a\0b"));
    }

    @Test
    void underMeansTheSameOrBelowByWholeComponents() {
        assertTrue(GuestPaths.isUnder("/data", "/data"));
        assertTrue(GuestPaths.isUnder("/data/x/y", "/data"));
        assertTrue(GuestPaths.isUnder("/anything", "/"));
        assertFalse(GuestPaths.isUnder("/database", "/data"));
        assertFalse(GuestPaths.isUnder("/", "/data"));
    }

    @Test
    void intersectionKeepsTheDeeperOfOverlappingPaths() {
        assertEquals(List.of("/data/in"), GuestPaths.intersect(List.of("/data"), List.of("/data/in", "/etc")));
        assertEquals(List.of("/data/rules.txt"), GuestPaths.intersect(List.of("/"), List.of("/data/rules.txt")));
        assertEquals(List.of("/data/a"), GuestPaths.intersect(List.of("/data/a", "/logs"), List.of("/data")));
        assertEquals(List.of(), GuestPaths.intersect(List.of("/data"), List.of("/database")));
        assertEquals(List.of(), GuestPaths.intersect(List.of(), List.of("/")));
    }
}
