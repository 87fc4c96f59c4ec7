# smime.gp: S/MIME AuthEnvelopedData throughput against content size (doc/performance.md).
# Called by plot_smime.py with: datafile, outfile, title (gnuplot -e 'datafile="..."; ...').
# Columns of the data file: size_bytes lib_build_gcm lib_open_gcm bare_gcm_enc bare_gcm_dec
#   ossl_build ossl_open lib_build_ccm lib_open_ccm bare_ccm_enc bare_ccm_dec (MiB/s; ? = none)
set terminal pngcairo size 900,560 font "sans,10"
set output outfile
set title title
set logscale x 2
set xtics ("1 KiB" 1024, "4 KiB" 4096, "16 KiB" 16384, "64 KiB" 65536, "256 KiB" 262144, "1 MiB" 1048576)
set xrange [768:1400000]
set yrange [0:*]
set xlabel "content size"
set ylabel "MiB/s of content (one core)"
set key left top box opaque
set grid ytics
set datafile missing "?"
plot datafile using 1:4 with linespoints lw 2 pt 7 dt 2 lc rgb "#777777" title "bare libgcrypt AES-128-GCM encrypt", \
     datafile using 1:2 with linespoints lw 2 pt 7 lc rgb "#1f77b4" title "libmikey-ticket build, AES-128-GCM", \
     datafile using 1:3 with linespoints lw 2 pt 5 lc rgb "#2ca02c" title "libmikey-ticket open, AES-128-GCM", \
     datafile using 1:6 with linespoints lw 2 pt 7 lc rgb "#d62728" title "OpenSSL 3 CMS build, AES-128-GCM", \
     datafile using 1:7 with linespoints lw 2 pt 5 lc rgb "#ff7f0e" title "OpenSSL 3 CMS open, AES-128-GCM", \
     datafile using 1:10 with linespoints lw 1 pt 6 dt 2 lc rgb "#aaaaaa" title "bare libgcrypt AES-128-CCM encrypt", \
     datafile using 1:8 with linespoints lw 1 pt 6 lc rgb "#9467bd" title "libmikey-ticket build, AES-128-CCM"
