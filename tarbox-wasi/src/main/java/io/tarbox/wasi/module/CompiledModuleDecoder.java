package io.tarbox.wasi.module;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.AnnotatedInstruction;
import com.dylibso.chicory.wasm.types.CodeSection;
import com.dylibso.chicory.wasm.types.CustomSection;
import com.dylibso.chicory.wasm.types.DataCountSection;
import com.dylibso.chicory.wasm.types.DataSection;
import com.dylibso.chicory.wasm.types.ElementSection;
import com.dylibso.chicory.wasm.types.ExportSection;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionSection;
import com.dylibso.chicory.wasm.types.GlobalSection;
import com.dylibso.chicory.wasm.types.ImportSection;
import com.dylibso.chicory.wasm.types.MemorySection;
import com.dylibso.chicory.wasm.types.RawSection;
import com.dylibso.chicory.wasm.types.Section;
import com.dylibso.chicory.wasm.types.SectionId;
import com.dylibso.chicory.wasm.types.StartSection;
import com.dylibso.chicory.wasm.types.TableSection;
import com.dylibso.chicory.wasm.types.TagSection;
import com.dylibso.chicory.wasm.types.TypeSection;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Set;

/**
 * Decodes a module whose compiled classes come from the {@link ModuleCache}, without decoding the
 * function bodies the compiled code runs itself: on a big module decoding the code section is most
 * of a cached start's time and memory (a 30 MB module: 10 s and 1 GB of instruction objects).
 *
 * <p>Chicory's compiled machine still interprets the functions it could not compile (too large for
 * a JVM method); their bodies are decoded. Every other function gets a body that traps
 * ({@code unreachable}), so that if Chicory ever interpreted one, the program would stop rather
 * than run the wrong code. Chicory's interpreter runs the body of a function reached by
 * {@code call_ref} or a tail call itself, even when that function is compiled: a module whose
 * interpreted functions contain those instructions is decoded whole ({@link #decode} returns null).
 *
 * <p>Not validated: only modules validated before they were compiled are in the cache, under the
 * SHA-256 of their bytes.
 */
final class CompiledModuleDecoder {
    private static final byte[] HEADER = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
    /** A body without locals: {@code unreachable end}, preceded by its size. */
    private static final byte[] TRAPPING_BODY = {3, 0, 0x00, 0x0b};

    private CompiledModuleDecoder() {}

    /**
     * The module with the bodies of {@code interpreted} (function indices, imports counted) decoded
     * and every other body trapping; null when the interpreter needs other bodies too.
     */
    static WasmModule decode(byte[] bytes, String digest, Set<Integer> interpreted) {
        WasmModule.Builder builder = WasmModule.builder().withValidation(false).withDigest(digest);
        TypeSection[] types = {TypeSection.builder().build()};
        FunctionSection[] functions = {FunctionSection.builder().build()};
        ImportSection[] imports = {ImportSection.builder().build()};
        Parser.Builder parser = Parser.builder().withValidation(false);
        for (int id = SectionId.CUSTOM; id <= SectionId.TAG; id++) {
            if (id != SectionId.CODE) {
                parser.includeSectionId(id);
            }
        }
        parser.build().parse(new ByteArrayInputStream(bytes), section -> {
            if (section instanceof TypeSection) {
                types[0] = (TypeSection) section;
            } else if (section instanceof FunctionSection) {
                functions[0] = (FunctionSection) section;
            } else if (section instanceof ImportSection) {
                imports[0] = (ImportSection) section;
            }
            add(builder, section);
        });
        int functionCount = functions[0].functionCount();
        if (functionCount > 0) {
            CodeSection code =
                    code(bytes, types[0], functions[0], imports[0].count(ExternalType.FUNCTION), interpreted);
            if (code == null) {
                return null;
            }
            builder.setCodeSection(code);
        }
        return builder.build();
    }

    /** The code section: the interpreted bodies decoded (by Chicory, in a module of their own), the rest trapping. */
    private static CodeSection code(
            byte[] bytes, TypeSection types, FunctionSection functions, int imported, Set<Integer> interpreted) {
        byte[] typeSection = rawSection(bytes, SectionId.TYPE);
        byte[] codeSection = rawSection(bytes, SectionId.CODE);
        int[] wanted = interpreted.stream()
                .mapToInt(i -> i - imported)
                .filter(i -> i >= 0 && i < functions.functionCount())
                .sorted()
                .toArray();
        // The small module: the type section, then the wanted functions and one trapping one.
        ByteArrayOutputStream function = new ByteArrayOutputStream();
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        writeU32(function, wanted.length + 1);
        writeU32(code, wanted.length + 1);
        if (typeSection == null || codeSection == null) {
            return null; // not a module Chicory compiled: its own decoding reports what is wrong
        }
        Leb reader = new Leb(codeSection);
        long count = reader.u32();
        if (count != functions.functionCount()) {
            return null; // as above
        }
        int next = 0;
        for (int i = 0; i < count && next < wanted.length; i++) {
            int start = reader.position;
            int size = (int) reader.u32();
            int end = reader.position + size;
            if (i == wanted[next]) {
                writeU32(function, functions.getFunctionType(i));
                code.write(codeSection, start, end - start);
                next++;
            }
            reader.position = end;
        }
        writeU32(function, 0);
        code.writeBytes(TRAPPING_BODY);
        ByteArrayOutputStream small = new ByteArrayOutputStream();
        small.writeBytes(HEADER);
        section(small, SectionId.TYPE, typeSection);
        section(small, SectionId.FUNCTION, function.toByteArray());
        section(small, SectionId.CODE, code.toByteArray());
        FunctionBody[] decoded = Parser.builder()
                .withValidation(false)
                .build()
                .parse(() -> new ByteArrayInputStream(small.toByteArray()))
                .codeSection()
                .functionBodies();
        for (int i = 0; i < wanted.length; i++) {
            if (reachesOtherBodies(decoded[i])) {
                return null;
            }
        }
        FunctionBody trapping = decoded[wanted.length];
        FunctionBody[] bodies = new FunctionBody[functions.functionCount()];
        Arrays.fill(bodies, trapping);
        for (int i = 0; i < wanted.length; i++) {
            bodies[wanted[i]] = decoded[i];
        }
        CodeSection.Builder section = CodeSection.builder();
        for (FunctionBody body : bodies) {
            section.addFunctionBody(body);
        }
        return section.build();
    }

    /** Whether the interpreter, running this body, would run another function's body itself. */
    private static boolean reachesOtherBodies(FunctionBody body) {
        for (AnnotatedInstruction instruction : body.instructions()) {
            switch (instruction.opcode()) {
                case CALL_REF, RETURN_CALL, RETURN_CALL_INDIRECT, RETURN_CALL_REF:
                    return true;
                default:
                    break;
            }
        }
        return false;
    }

    /** The contents of the module's section {@code id}, or null. */
    private static byte[] rawSection(byte[] bytes, int id) {
        byte[][] found = {null};
        Parser.builder().includeSectionId(id).build().parseWithoutDecoding(new ByteArrayInputStream(bytes), s -> {
            found[0] = ((RawSection) s).contents();
        });
        return found[0];
    }

    /** The section into Chicory's module builder, as Chicory's own parser does. */
    private static void add(WasmModule.Builder builder, Section section) {
        switch (section.sectionId()) {
            case SectionId.CUSTOM -> {
                CustomSection custom = (CustomSection) section;
                builder.addCustomSection(custom.name(), custom);
            }
            case SectionId.TYPE -> builder.setTypeSection((TypeSection) section);
            case SectionId.IMPORT -> builder.setImportSection((ImportSection) section);
            case SectionId.FUNCTION -> builder.setFunctionSection((FunctionSection) section);
            case SectionId.TABLE -> builder.setTableSection((TableSection) section);
            case SectionId.MEMORY -> builder.setMemorySection((MemorySection) section);
            case SectionId.GLOBAL -> builder.setGlobalSection((GlobalSection) section);
            case SectionId.EXPORT -> builder.setExportSection((ExportSection) section);
            case SectionId.START -> builder.setStartSection((StartSection) section);
            case SectionId.ELEMENT -> builder.setElementSection((ElementSection) section);
            case SectionId.DATA -> builder.setDataSection((DataSection) section);
            case SectionId.DATA_COUNT -> builder.setDataCountSection((DataCountSection) section);
            case SectionId.TAG -> builder.setTagSection((TagSection) section);
            default -> builder.addIgnoredSection(section.sectionId());
        }
    }

    private static void section(ByteArrayOutputStream out, int id, byte[] contents) {
        out.write(id);
        writeU32(out, contents.length);
        out.writeBytes(contents);
    }

    private static void writeU32(ByteArrayOutputStream out, long value) {
        do {
            int b = (int) (value & 0x7f);
            value >>>= 7;
            out.write(value != 0 ? b | 0x80 : b);
        } while (value != 0);
    }

    /** Unsigned LEB128 numbers out of a byte array. */
    private static final class Leb {
        private final byte[] bytes;
        int position;

        Leb(byte[] bytes) {
            this.bytes = bytes;
        }

        long u32() {
            long value = 0;
            for (int shift = 0; ; shift += 7) {
                int b = bytes[position++] & 0xff;
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
        }
    }
}
