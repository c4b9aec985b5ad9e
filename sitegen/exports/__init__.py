"""Stage 3, exports: the data downloads (JSON, CSV, Akoma Ntoso), QR codes and the standalone embed/card views."""
