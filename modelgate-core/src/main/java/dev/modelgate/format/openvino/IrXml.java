package dev.modelgate.format.openvino;

import java.io.IOException;
import java.io.InputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The JDK's SAX parser, hardened for hostile XML: DOCTYPE declarations are refused outright (no
 * entity can be declared, so none can expand or fetch a file), external DTDs and entities are
 * off, XInclude is off, secure processing caps what is left, and element depth is bounded by the
 * caller's handler. OpenVINO IR never needs a DOCTYPE.
 */
final class IrXml {
  private IrXml() {}

  static void parse(InputStream in, DefaultHandler handler) throws IOException, SAXException {
    SAXParserFactory f = SAXParserFactory.newInstance();
    try {
      f.setNamespaceAware(false);
      f.setValidating(false);
      f.setXIncludeAware(false);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      SAXParser p = f.newSAXParser();
      p.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      p.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      p.parse(in, handler);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's SAX parser lacks a hardening feature", e);
    }
  }
}
