#!/bin/sh
# A synthetic panel CSV as an EHR exports it (the names of a real export's header, US
# dates, phones in several punctuations), deterministic for a seed: no real person's data.
# usage: panel.sh ROWS SEED [CHANGED]   CHANGED: every CHANGED-th row gets another phone
# (10: 10% of the rows differ from the panel made without it); 0 or absent: none.
set -eu
rows=${1:?usage: panel.sh ROWS SEED [CHANGED]} seed=${2:?usage: panel.sh ROWS SEED [CHANGED]}
changed=${3:-0}
awk -v rows="$rows" -v seed="$seed" -v changed="$changed" 'BEGIN {
	split("Garcia Smith Johnson Begay Nguyen Martinez Yazzie Brown Lopez Tsosie Lee Chavez", fam, " ")
	split("Maria James Ana Nathan Linh Rosa John Grace Luis Mary Daniel Sofia", giv, " ")
	split("F M F M F M U F M O F M", sex, " ")
	split("English Spanish en es vi English English Spanish nv", lang, " ")
	print "Patient ID,Patient Last Name,First Name,DOB,Sex at birth,Home Phone,Preferred Language,Address,City,State,ZIP,Last Visit"
	state = seed
	for (i = 1; i <= rows; i++) {
		# our own generator, so that mawk and gawk give the same file
		state = (state * 1103515245 + 12345) % 2147483648; r = int(state / 65536)
		y = 1930 + r % 90; m = 1 + int(r / 90) % 12; d = 1 + int(r / 1080) % 28
		phone = 5550000 + (i * 7919) % 10000
		if (changed > 0 && i % changed == 0)
			phone = 5559999 - (i % 10000)
		ph = sprintf("505%07d", phone)
		if (i % 3 == 0) ph = sprintf("(%s) %s-%s", substr(ph, 1, 3), substr(ph, 4, 3), substr(ph, 7))
		else if (i % 3 == 1) ph = sprintf("+1 %s.%s.%s", substr(ph, 1, 3), substr(ph, 4, 3), substr(ph, 7))
		dob = (i % 2) ? sprintf("%02d/%02d/%04d", m, d, y) : sprintf("%04d-%02d-%02d", y, m, d)
		l = lang[1 + r % 8]
		printf "P%07d,%s,%s,%s,%s,%s,%s,%d Main St,Gallup,NM,87301,2026-01-%02d\n", i,
			fam[1 + r % 12], giv[1 + int(r / 12) % 12], dob, sex[1 + r % 12], ph, l,
			i % 900 + 1, 1 + i % 28
	}
}'
