package dev.arca.server.pki;

import dev.arca.server.error.ArcaException;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x509.GeneralName;
import org.jspecify.annotations.Nullable;

/**
 * An otherName SAN as OpenBao writes one, {@code oid;UTF8:value}: a type OID and a UTF-8 string value (the only
 * value type issued, as in OpenBao).
 */
record OtherSan(ASN1ObjectIdentifier oid, String value) {
    private static final String UTF8 = "UTF8:";

    /** 400 naming {@code field} unless {@code text} is {@code oid;UTF8:value}. */
    static OtherSan parse(String text, String field) {
        int semicolon = text.indexOf(';');
        String rest = semicolon < 0 ? "" : text.substring(semicolon + 1);
        ASN1ObjectIdentifier oid = semicolon < 0 ? null : ASN1ObjectIdentifier.tryFromID(text.substring(0,
                semicolon).strip());
        boolean utf8 = rest.toUpperCase(Locale.ROOT).startsWith(UTF8) || rest.toUpperCase(Locale.ROOT)
                .startsWith("UTF-8:");
        if (oid == null || !utf8) {
            throw ArcaException.invalid(field, "'" + DnsNames.printable(text) + "' is not an other SAN; write "
                    + "oid;UTF8:value, e.g. 1.3.6.1.4.1.311.20.2.3;UTF8:user@example.com");
        }
        return new OtherSan(oid, rest.substring(rest.indexOf(':') + 1));
    }

    /** The otherName of a CSR as an other SAN; null when its value is not a UTF-8 string. */
    static @Nullable OtherSan of(GeneralName name) {
        ASN1Sequence sequence = ASN1Sequence.getInstance(name.getName());
        ASN1ObjectIdentifier oid = ASN1ObjectIdentifier.getInstance(sequence.getObjectAt(0));
        ASN1Encodable value = ASN1TaggedObject.getInstance(sequence.getObjectAt(1)).getExplicitBaseObject();
        return value instanceof ASN1UTF8String text ? new OtherSan(oid, text.getString()) : null;
    }

    String wire() {
        return oid.getId() + ";" + UTF8 + value;
    }

    /** {@code OtherName ::= SEQUENCE { type-id OID, value [0] EXPLICIT UTF8String }} (RFC 5280 §4.2.1.6). */
    GeneralName generalName() {
        return new GeneralName(GeneralName.otherName, new DERSequence(new ASN1Encodable[] {oid,
                new DERTaggedObject(true, 0, new DERUTF8String(value))}));
    }
}
