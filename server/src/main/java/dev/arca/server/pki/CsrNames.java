package dev.arca.server.pki;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.jspecify.annotations.Nullable;

/** The names a PKCS#10 CSR asks for: its subject's common name and the SANs of its extension request. */
public final class CsrNames {
    private CsrNames() {}

    /** The subject's common name, or null when it has none. */
    public static @Nullable String commonName(PKCS10CertificationRequest csr) {
        RDN[] rdns = csr.getSubject().getRDNs(BCStyle.CN);
        return rdns.length == 0 ? null : IETFUtils.valueToString(rdns[0].getFirst().getValue());
    }

    /** The SANs of the CSR's extension request, as requested; empty when it has none. */
    public static List<GeneralName> subjectAltNames(PKCS10CertificationRequest csr) {
        var names = new ArrayList<GeneralName>();
        for (var attribute : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            for (ASN1Encodable value : attribute.getAttributeValues()) {
                GeneralNames sans = GeneralNames.fromExtensions(Extensions.getInstance(value),
                        Extension.subjectAlternativeName);
                if (sans != null) {
                    names.addAll(List.of(sans.getNames()));
                }
            }
        }
        return names;
    }

    /** The DNS names among {@code names}. */
    public static List<String> dnsNames(List<GeneralName> names) {
        return names.stream().filter(name -> name.getTagNo() == GeneralName.dNSName)
                .map(name -> name.getName().toString()).toList();
    }

    /** The IP addresses among {@code names}, as text. */
    public static List<String> ipAddresses(List<GeneralName> names) {
        var addresses = new ArrayList<String>();
        for (GeneralName name : names) {
            if (name.getTagNo() == GeneralName.iPAddress) {
                try {
                    addresses.add(InetAddress.getByAddress(
                            DEROctetString.getInstance(name.getName()).getOctets()).getHostAddress());
                } catch (UnknownHostException e) {
                    // a malformed address is left out; the role check refuses what it cannot read
                }
            }
        }
        return addresses;
    }
}
