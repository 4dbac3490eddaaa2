package dev.arca.server.pki;

import dev.arca.server.error.ArcaException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.jspecify.annotations.Nullable;

/**
 * The SANs a CSR asks for, sorted into the request's lists for the role's {@link NamePolicy}; a SAN of a kind no
 * role issues (a directory name, an other SAN that is not UTF-8) is refused, not dropped.
 */
final class CsrSans {
    private CsrSans() {}

    /** The CSR's names, its common name being {@code commonName} (the CSR's or the request's). */
    static RequestedNames of(PKCS10CertificationRequest csr, @Nullable String commonName, boolean commonNameFromCsr,
            boolean excludeCnFromSans) {
        var altNames = new ArrayList<String>();
        var ips = new ArrayList<String>();
        var uris = new ArrayList<String>();
        var others = new ArrayList<String>();
        for (GeneralName name : CsrNames.subjectAltNames(csr)) {
            switch (name.getTagNo()) {
                case GeneralName.dNSName, GeneralName.rfc822Name -> altNames.add(text(name));
                case GeneralName.uniformResourceIdentifier -> uris.add(text(name));
                case GeneralName.iPAddress -> ips.add(address(name));
                case GeneralName.otherName -> {
                    OtherSan other = OtherSan.of(name);
                    if (other == null) {
                        throw ArcaException.denied("the CSR asks for an other SAN whose value is not a UTF-8 string; "
                                + "only oid;UTF8:value other SANs are issued");
                    }
                    others.add(other.wire());
                }
                default -> throw ArcaException.denied("the CSR asks for a SAN of a kind no role issues (tag "
                        + name.getTagNo() + "); ask for DNS, email, IP, URI or UTF-8 other SANs only");
            }
        }
        return new RequestedNames(commonName, altNames, ips, uris, others, excludeCnFromSans, commonNameFromCsr, true);
    }

    private static String text(GeneralName name) {
        return ((ASN1String) name.getName()).getString();
    }

    private static String address(GeneralName name) {
        byte[] octets = ASN1OctetString.getInstance(name.getName()).getOctets();
        try {
            if (octets.length != 4 && octets.length != 16) {
                throw new UnknownHostException();
            }
            return InetAddress.getByAddress(octets).getHostAddress();
        } catch (UnknownHostException e) {
            throw ArcaException.invalid("csr", "the CSR holds an IP SAN that is not an IPv4 or IPv6 address");
        }
    }
}
