package io.portcullis.auth.client;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Where a JWK Set may be fetched from: public addresses only, so that a registered {@code jwksUri} cannot make the
 * server call its own network (SSRF). Checked when a client is registered and again on every connection, on the
 * addresses the connection will use (a name may resolve differently the second time: DNS rebinding).
 */
public final class JwksUriAddresses {

    private static final List<String> NEVER = List.of(
            // cloud metadata services outside link-local: AWS over IPv6, Alibaba Cloud
            "fd00:ec2:0:0:0:0:0:254", "100.100.100.200");

    private final boolean allowPrivate;

    public JwksUriAddresses(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /**
     * The addresses of {@code host}, all of them allowed.
     * @throws UnknownHostException if the host does not resolve or any of its addresses is refused
     */
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = InetAddress.getAllByName(host);
        for (InetAddress address : addresses) {
            if (!isAllowed(address)) {
                throw new UnknownHostException(host + " resolves to a refused address");
            }
        }
        return addresses;
    }

    /** Whether a connection to {@code address} is allowed. */
    public boolean isAllowed(InetAddress address) {
        InetAddress effective = embeddedIpv4(address);
        if (effective.isAnyLocalAddress() || effective.isLinkLocalAddress() || effective.isMulticastAddress()
                || isThisNetworkOrBroadcast(effective) || NEVER.contains(effective.getHostAddress())) {
            return false;
        }
        boolean internal = effective.isLoopbackAddress() || effective.isSiteLocalAddress() || isUniqueLocal(effective)
                || isSharedAddressSpace(effective);
        return !internal || this.allowPrivate;
    }

    /** IPv4-mapped, IPv4-compatible and NAT64 (64:ff9b::/96) IPv6 addresses reach the IPv4 address they hold. */
    private static InetAddress embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] bytes = address.getAddress();
        boolean compatible = Arrays.equals(Arrays.copyOf(bytes, 12), new byte[12]);
        boolean mapped = Arrays.equals(Arrays.copyOf(bytes, 10), new byte[10]) && bytes[10] == (byte) 0xff
                && bytes[11] == (byte) 0xff;
        boolean nat64 = bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == (byte) 0xff && bytes[3] == (byte) 0x9b
                && Arrays.equals(Arrays.copyOfRange(bytes, 4, 12), new byte[8]);
        if (!(compatible || mapped || nat64)) {
            return address;
        }
        try {
            InetAddress embedded = InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16));
            // ::1 and :: are IPv4-compatible in form but are IPv6 loopback and unspecified
            return (compatible && (bytes[15] == 0 || bytes[15] == 1) && bytes[12] == 0 && bytes[13] == 0
                    && bytes[14] == 0) ? address : embedded;
        }
        catch (UnknownHostException ex) {
            return address;
        }
    }

    private static boolean isUniqueLocal(InetAddress address) {
        return address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc;
    }

    private static boolean isSharedAddressSpace(InetAddress address) {
        byte[] bytes = address.getAddress();
        return address instanceof Inet4Address && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
    }

    private static boolean isThisNetworkOrBroadcast(InetAddress address) {
        byte[] bytes = address.getAddress();
        return address instanceof Inet4Address && ((bytes[0] & 0xff) == 0 || (bytes[0] & 0xff) >= 240);
    }

}
