/*
 * BcKekAuthEnv.java: Bouncy Castle side of the interop test (tests/interop/bc.sh.in).
 *
 *   java BcKekAuthEnv encrypt ALG KEKHEX KEKIDHEX IN OUT
 *   java BcKekAuthEnv decrypt KEKHEX KEKIDHEX IN OUT
 *   java BcKekAuthEnv edencrypt aes-128-cbc|aes-256-cbc KEKHEX KEKIDHEX IN OUT   EnvelopedData
 *   java BcKekAuthEnv eddecrypt KEKHEX KEKIDHEX IN OUT
 *   java BcKekAuthEnv batch < JOBS     one of the two commands above per line (one JVM for
 *                                      all); prints "FAIL <line>: <reason>" for each failure
 *                                      and exits 1 if any failed
 *
 * ALG: aes-128-gcm | aes-256-gcm | aes-128-ccm | aes-256-ccm, optionally ":NONCE:ICV" (the
 * parameters written; without them Bouncy Castle's defaults) and ":attrs" (a signingTime in
 * authAttrs). Encryption uses CMSAuthEnvelopedDataGenerator with a KEKRecipientInfo.
 *
 * Bouncy Castle 1.72 has no KEK recipient for AuthEnvelopedData (JceKEKEnvelopedRecipient is
 * for EnvelopedData, JceKEKAuthenticatedRecipient for AuthenticatedData), so KekAeadRecipient
 * below is one: it unwraps the content key with JceKEKRecipient and decrypts with the JCE
 * AEAD cipher, taking the authenticated attributes as AAD and the mac after the ciphertext.
 */
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.Key;
import java.security.Security;
import java.util.Date;

import javax.crypto.Cipher;
import javax.crypto.CipherInputStream;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CCMParameters;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.GCMParameters;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.KEKRecipientId;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.RecipientOperator;
import org.bouncycastle.cms.SimpleAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKEKEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKEKRecipient;
import org.bouncycastle.cms.jcajce.JceKEKRecipientInfoGenerator;
import org.bouncycastle.jcajce.spec.AEADParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.InputAEADDecryptor;
import org.bouncycastle.operator.OutputAEADEncryptor;

public class BcKekAuthEnv {
  static byte[] hex(String s) {
    byte[] b = new byte[s.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }

  /** A KEK recipient for AuthEnvelopedData (RFC 5083) with AES-GCM or AES-CCM (RFC 5084). */
  static final class KekAeadRecipient extends JceKEKRecipient {
    KekAeadRecipient(SecretKey kek) {
      super(kek);
    }

    @Override
    public RecipientOperator getRecipientOperator(AlgorithmIdentifier keyEncAlg,
        AlgorithmIdentifier contentAlg, byte[] encryptedKey) throws CMSException {
      Key cek = extractSecretKey(keyEncAlg, contentAlg, encryptedKey);
      ASN1ObjectIdentifier oid = contentAlg.getAlgorithm();
      final Cipher cipher;
      try {
        if (oid.equals(CMSAlgorithm.AES128_GCM) || oid.equals(CMSAlgorithm.AES256_GCM)) {
          GCMParameters p = GCMParameters.getInstance(contentAlg.getParameters());
          cipher = Cipher.getInstance("AES/GCM/NoPadding", "BC");
          cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek.getEncoded(), "AES"),
              new GCMParameterSpec(p.getIcvLen() * 8, p.getNonce()));
        } else if (oid.equals(CMSAlgorithm.AES128_CCM) || oid.equals(CMSAlgorithm.AES256_CCM)) {
          CCMParameters p = CCMParameters.getInstance(contentAlg.getParameters());
          cipher = Cipher.getInstance("AES/CCM/NoPadding", "BC");
          cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek.getEncoded(), "AES"),
              new AEADParameterSpec(p.getNonce(), p.getIcvLen() * 8));
        } else {
          throw new CMSException("not an AEAD algorithm: " + oid);
        }
      } catch (CMSException e) {
        throw e;
      } catch (Exception e) {
        throw new CMSException("cannot start the AEAD cipher", e);
      }
      final OutputStream aad = new OutputStream() {
        @Override
        public void write(int b) {
          cipher.updateAAD(new byte[] {(byte) b});
        }

        @Override
        public void write(byte[] b, int off, int len) {
          cipher.updateAAD(b, off, len);
        }
      };
      return new RecipientOperator(new InputAEADDecryptor() {
        public AlgorithmIdentifier getAlgorithmIdentifier() {
          return contentAlg;
        }

        public InputStream getInputStream(InputStream in) {
          return new CipherInputStream(in, cipher);
        }

        public OutputStream getAADStream() {
          return aad;
        }

        public byte[] getMAC() {
          return null;
        }
      });
    }
  }

  static AlgorithmIdentifier algorithm(String spec, ASN1ObjectIdentifier[] oid) {
    String[] f = spec.split(":");
    switch (f[0]) {
      case "aes-128-gcm": oid[0] = CMSAlgorithm.AES128_GCM; break;
      case "aes-256-gcm": oid[0] = CMSAlgorithm.AES256_GCM; break;
      case "aes-128-ccm": oid[0] = CMSAlgorithm.AES128_CCM; break;
      case "aes-256-ccm": oid[0] = CMSAlgorithm.AES256_CCM; break;
      default: throw new IllegalArgumentException("unknown algorithm " + f[0]);
    }
    if (f.length >= 3 && !f[1].equals("attrs")) {
      byte[] nonce = new byte[Integer.parseInt(f[1])];
      new java.security.SecureRandom().nextBytes(nonce);
      int icv = Integer.parseInt(f[2]);
      boolean gcm = f[0].endsWith("gcm");
      return new AlgorithmIdentifier(oid[0],
          gcm ? new GCMParameters(nonce, icv) : new CCMParameters(nonce, icv));
    }
    return null;
  }

  public static void main(String[] args) throws Exception {
    Security.addProvider(new BouncyCastleProvider());
    if (args.length == 1 && args[0].equals("batch")) {
      java.io.BufferedReader r =
          new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
      int failed = 0, done = 0;
      for (String line; (line = r.readLine()) != null;) {
        if (line.trim().isEmpty()) {
          continue;
        }
        try {
          run(line.trim().split("\\s+"));
          done++;
        } catch (Exception e) {
          System.out.println("FAIL " + line + ": " + e);
          failed++;
        }
      }
      System.out.println("bc: " + done + " done, " + failed + " failed");
      System.exit(failed == 0 ? 0 : 1);
    }
    run(args);
  }

  static void run(String[] args) throws Exception {
    if (args[0].equals("encrypt")) {
      ASN1ObjectIdentifier[] oid = new ASN1ObjectIdentifier[1];
      AlgorithmIdentifier alg = algorithm(args[1], oid);
      JceCMSContentEncryptorBuilder b = alg != null
          ? new JceCMSContentEncryptorBuilder(alg) : new JceCMSContentEncryptorBuilder(oid[0]);
      OutputAEADEncryptor enc = (OutputAEADEncryptor) b.setProvider("BC").build();
      CMSAuthEnvelopedDataGenerator gen = new CMSAuthEnvelopedDataGenerator();
      gen.addRecipientInfoGenerator(new JceKEKRecipientInfoGenerator(hex(args[3]),
          new SecretKeySpec(hex(args[2]), "AES")).setProvider("BC"));
      if (args[1].contains("attrs")) {
        Attribute t = new Attribute(CMSAttributes.signingTime,
            new DERSet(new Time(new Date(1700000000000L))));
        gen.setAuthenticatedAttributeGenerator(
            new SimpleAttributeTableGenerator(new AttributeTable(t)));
      }
      byte[] in = Files.readAllBytes(Paths.get(args[4]));
      CMSAuthEnvelopedData ed = gen.generate(new CMSProcessableByteArray(in), enc);
      try (FileOutputStream o = new FileOutputStream(args[5])) {
        o.write(ed.getEncoded());
      }
    } else if (args[0].equals("decrypt")) {
      byte[] in = Files.readAllBytes(Paths.get(args[3]));
      CMSAuthEnvelopedData ed = new CMSAuthEnvelopedData(in);
      RecipientInformation ri = ed.getRecipientInfos().get(new KEKRecipientId(hex(args[2])));
      if (ri == null) {
        throw new CMSException("no KEK recipient with this identifier");
      }
      byte[] out = ri.getContent(
          new KekAeadRecipient(new SecretKeySpec(hex(args[1]), "AES")).setProvider("BC"));
      try (FileOutputStream o = new FileOutputStream(args[4])) {
        o.write(out);
      }
    } else if (args[0].equals("edencrypt")) {
      CMSEnvelopedDataGenerator gen = new CMSEnvelopedDataGenerator();
      gen.addRecipientInfoGenerator(new JceKEKRecipientInfoGenerator(hex(args[3]),
          new SecretKeySpec(hex(args[2]), "AES")).setProvider("BC"));
      ASN1ObjectIdentifier oid =
          args[1].equals("aes-256-cbc") ? CMSAlgorithm.AES256_CBC : CMSAlgorithm.AES128_CBC;
      byte[] in = Files.readAllBytes(Paths.get(args[4]));
      CMSEnvelopedData ed = gen.generate(new CMSProcessableByteArray(in),
          new JceCMSContentEncryptorBuilder(oid).setProvider("BC").build());
      try (FileOutputStream o = new FileOutputStream(args[5])) {
        o.write(ed.getEncoded());
      }
    } else if (args[0].equals("eddecrypt")) {
      CMSEnvelopedData ed = new CMSEnvelopedData(Files.readAllBytes(Paths.get(args[3])));
      RecipientInformation ri = ed.getRecipientInfos().get(new KEKRecipientId(hex(args[2])));
      if (ri == null) {
        throw new CMSException("no KEK recipient with this identifier");
      }
      byte[] out = ri.getContent(
          new JceKEKEnvelopedRecipient(new SecretKeySpec(hex(args[1]), "AES")).setProvider("BC"));
      try (FileOutputStream o = new FileOutputStream(args[4])) {
        o.write(out);
      }
    } else {
      throw new IllegalArgumentException("encrypt | decrypt | edencrypt | eddecrypt");
    }
  }
}
