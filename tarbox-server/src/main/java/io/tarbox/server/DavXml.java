package io.tarbox.server;

import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * WebDAV's XML: request bodies parsed with the JDK's parser (namespace-aware; no DTDs, so no
 * external entities and no entity expansion), property names as {@code {namespace}local}, and
 * elements written back without prefixes of their own (each declares its namespace), so a dead
 * property comes back well-formed whatever prefixes the client used.
 */
final class DavXml {
    static final String DAV = "DAV:";
    /** Deepest element nesting accepted in a property value. */
    private static final int MAX_DEPTH = 64;

    private DavXml() {}

    /** Parses a request body. @throws HttpError 400 when it is not well-formed XML */
    static Document parse(byte[] body) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new ByteArrayInputStream(body));
        } catch (SAXException | java.io.IOException e) {
            throw HttpError.badRequest("malformed XML body: " + firstLine(e.getMessage()));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** {namespace}local of an element ({} for no namespace). */
    static String name(Node element) {
        String ns = element.getNamespaceURI();
        return "{" + (ns == null ? "" : ns) + "}" + element.getLocalName();
    }

    static boolean is(Node node, String namespace, String local) {
        return node instanceof Element && namespace.equals(node.getNamespaceURI()) && local.equals(node.getLocalName());
    }

    /** The element children of {@code parent}. */
    static List<Element> children(Node parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    /** An empty element for property {@code name} ({namespace}local). */
    static String emptyElement(String name) {
        int close = name.indexOf('}');
        String ns = name.substring(1, close);
        String local = name.substring(close + 1);
        if (ns.equals(DAV)) {
            return "<D:" + local + "/>";
        }
        return "<" + local + " xmlns=\"" + escape(ns) + "\"/>";
    }

    /** The text content of an element (all of its text nodes). */
    static String text(Element e) {
        return e.getTextContent() == null ? "" : e.getTextContent().trim();
    }

    /**
     * {@code element} written as XML text, each element declaring its own namespace as the default
     * one (attributes in a namespace get generated prefixes). No recursion: a stack of its own.
     *
     * @throws HttpError 400 when nested deeper than {@link #MAX_DEPTH}
     */
    static String serialize(Element element) {
        StringBuilder out = new StringBuilder();
        record Step(Node node, boolean closing, int depth) {}
        Deque<Step> stack = new ArrayDeque<>();
        stack.push(new Step(element, false, 0));
        while (!stack.isEmpty()) {
            Step step = stack.pop();
            Node node = step.node();
            if (step.closing()) {
                out.append("</").append(node.getLocalName()).append('>');
                continue;
            }
            if (node instanceof Element e) {
                if (step.depth() > MAX_DEPTH) {
                    throw HttpError.badRequest("property value nested too deep");
                }
                String ns = e.getNamespaceURI();
                out.append('<')
                        .append(e.getLocalName())
                        .append(" xmlns=\"")
                        .append(escape(ns == null ? "" : ns))
                        .append('"');
                NamedNodeMap attributes = e.getAttributes();
                int prefix = 0;
                for (int i = 0; i < attributes.getLength(); i++) {
                    Node a = attributes.item(i);
                    String ans = a.getNamespaceURI();
                    if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(ans)) {
                        continue; // declarations are written anew
                    }
                    if (ans == null || ans.isEmpty()) {
                        out.append(' ').append(a.getLocalName());
                    } else if (XMLConstants.XML_NS_URI.equals(ans)) {
                        out.append(" xml:").append(a.getLocalName());
                    } else {
                        String p = "a" + prefix++;
                        out.append(" xmlns:")
                                .append(p)
                                .append("=\"")
                                .append(escape(ans))
                                .append("\" ")
                                .append(p)
                                .append(':')
                                .append(a.getLocalName());
                    }
                    out.append("=\"").append(escape(a.getNodeValue())).append('"');
                }
                if (!e.hasChildNodes()) {
                    out.append("/>");
                    continue;
                }
                out.append('>');
                stack.push(new Step(e, true, step.depth()));
                List<Node> kids = new ArrayList<>();
                for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
                    kids.add(n);
                }
                for (int i = kids.size() - 1; i >= 0; i--) {
                    stack.push(new Step(kids.get(i), false, step.depth() + 1));
                }
            } else if (node.getNodeType() == Node.TEXT_NODE || node.getNodeType() == Node.CDATA_SECTION_NODE) {
                out.append(escape(node.getNodeValue()));
            }
        }
        return out.toString();
    }

    /** Escapes text for XML content and attribute values. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\r' -> out.append("&#13;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
