#include "config.h"

#include "demo_data.h"

/*
 * Synthetic data only: common given and family names of the communities a rural or
 * small-town primary-care practice in the Making Care Primary states serves, combined at
 * random. No real person's record.
 */

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define WORDS(a)              \
	{                     \
		(a), NELEM(a) \
	}

/* The states, in the order of cl_demo_states. */
enum { CO, MA, MN, NJ, NM, NY, NC, WA };

/* ---- names by origin ---- */

static const char *const us_female[] = {
	"Mary",	    "Linda",	 "Patricia", "Barbara",	  "Elizabeth", "Jennifer",   "Susan",
	"Margaret", "Dorothy",	 "Karen",    "Nancy",	  "Betty",     "Helen",	     "Sandra",
	"Donna",    "Carol",	 "Ruth",     "Sharon",	  "Michelle",  "Laura",	     "Sarah",
	"Kimberly", "Deborah",	 "Jessica",  "Shirley",	  "Cynthia",   "Angela",     "Melissa",
	"Brenda",   "Amy",	 "Anna",     "Rebecca",	  "Virginia",  "Kathleen",   "Pamela",
	"Martha",   "Debra",	 "Amanda",   "Stephanie", "Carolyn",   "Christine",  "Marie",
	"Janet",    "Catherine", "Frances",  "Ann",	  "Joyce",     "Diane",	     "Emma",
	"Olivia",   "Ava",	 "Sophia",   "Chloé",	  "Zoë",       "Renée",	     "Tamika",
	"Shawna",   "Darlene",	 "Loretta",  "Verna",	  "Charlene",  "Bernadette",
};
static const char *const us_male[] = {
	"James",   "John",    "Robert",	     "Michael", "William", "David",   "Richard", "Charles",
	"Joseph",  "Thomas",  "Christopher", "Daniel",	"Paul",	   "Mark",    "Donald",	 "George",
	"Kenneth", "Steven",  "Edward",	     "Brian",	"Ronald",  "Anthony", "Kevin",	 "Jason",
	"Matthew", "Gary",    "Timothy",     "Larry",	"Jeffrey", "Frank",   "Scott",	 "Eric",
	"Stephen", "Andrew",  "Raymond",     "Gregory", "Joshua",  "Jerry",   "Dennis",	 "Walter",
	"Patrick", "Peter",   "Harold",	     "Douglas", "Henry",   "Carl",    "Arthur",	 "Ryan",
	"Roger",   "Liam",    "Noah",	     "Ethan",	"Seán",	   "Leroy",   "Delbert", "Wendell",
	"DeShawn", "Terrell", "Marcus",	     "Jamal",
};
static const char *const us_family[] = {
	"Smith",	"Johnson",    "Williams",    "Brown",	  "Jones",     "Miller",
	"Davis",	"Wilson",     "Anderson",    "Taylor",	  "Thomas",    "Moore",
	"Jackson",	"Martin",     "Lee",	     "Thompson",  "White",     "Harris",
	"Clark",	"Lewis",      "Robinson",    "Walker",	  "Young",     "Allen",
	"King",		"Wright",     "Scott",	     "Hill",	  "Green",     "Adams",
	"Baker",	"Nelson",     "Carter",	     "Mitchell",  "Roberts",   "Campbell",
	"Parker",	"Evans",      "Edwards",     "Collins",	  "Stewart",   "Morris",
	"Murphy",	"Cook",	      "Rogers",	     "O'Brien",	  "O'Connor",  "McCarthy",
	"Sullivan",	"Gallagher",  "Kelly",	     "Byrne",	  "Walsh",     "Kowalski",
	"Nowak",	"Wiśniewski", "Olson",	     "Johansson", "Lindqvist", "Larsen",
	"Hanson",	"Swenson",    "Petersen",    "Müller",	  "Schmidt",   "Schneider",
	"Fischer",	"Weber",      "Becker",	     "Schäfer",	  "Koch",      "Dubois",
	"Lefèvre",	"Gagnon",     "Côté",	     "Bouchard",  "Russo",     "Esposito",
	"Romano",	"Rossi",      "Washington",  "Jefferson", "Freeman",   "Banks",
	"Van der Berg", "St. Pierre", "Smith-Jones",
};

static const char *const es_female[] = {
	"María",   "Guadalupe", "Rosa",	     "Ana",	  "Carmen",	"Lucía",   "Sofía",
	"Isabel",  "Dolores",	"Juana",     "Margarita", "Verónica",	"Adriana", "Gabriela",
	"Mónica",  "Leticia",	"Yolanda",   "Alejandra", "Beatriz",	"Inés",	   "Marisol",
	"Xóchitl", "Ximena",	"Valentina", "Camila",	  "Paola",	"Araceli", "Natalia",
	"Teresa",  "Elena",	"Josefina",  "Esperanza", "María José", "Luz",	   "Rocío",
};
static const char *const es_male[] = {
	"José",	     "Juan",   "Luis",	  "Carlos",   "Jesús",	   "Antonio",	  "Miguel",
	"Francisco", "Jorge",  "Pedro",	  "Manuel",   "Alejandro", "Ramón",	  "Raúl",
	"Andrés",    "Héctor", "Ricardo", "Fernando", "Sergio",	   "Rubén",	  "Óscar",
	"Iván",	     "Julián", "Joaquín", "Tomás",    "Martín",	   "Adrián",	  "Santiago",
	"Mateo",     "Diego",  "Ángel",	  "Efraín",   "Ignacio",   "Juan Carlos",
};
static const char *const es_family[] = {
	"García",   "Rodríguez", "Martínez", "Hernández",  "López",	   "González", "Pérez",
	"Sánchez",  "Ramírez",	 "Torres",   "Flores",	   "Rivera",	   "Gómez",    "Díaz",
	"Reyes",    "Cruz",	 "Morales",  "Ortiz",	   "Gutiérrez",	   "Chávez",   "Ramos",
	"Ruiz",	    "Álvarez",	 "Mendoza",  "Vásquez",	   "Castillo",	   "Jiménez",  "Moreno",
	"Romero",   "Herrera",	 "Medina",   "Aguilar",	   "Vargas",	   "Castro",   "Fernández",
	"Guzmán",   "Muñoz",	 "Salazar",  "Núñez",	   "Ibáñez",	   "Peña",     "Montoya",
	"Baca",	    "Trujillo",	 "Lucero",   "Archuleta",  "Gallegos",	   "Maestas",  "Quintana",
	"Sandoval", "Valdez",	 "Córdova",  "De la Cruz", "García López",
};

static const char *const vi_female[] = {
	"Lan", "Linh", "Hương", "Mai", "Thảo", "Ngọc", "Hạnh", "Trang", "Phương", "Hoa",
};
static const char *const vi_male[] = {
	"Minh", "Tuấn", "Dũng", "Hùng", "Quang", "Huy", "Thành", "Long", "Khánh", "Phúc",
};
static const char *const vi_family[] = {
	"Nguyễn", "Trần", "Lê",	  "Phạm", "Hoàng", "Huỳnh", "Phan",
	"Vũ",	  "Võ",	  "Đặng", "Bùi",  "Đỗ",	   "Hồ",    "Ngô",
};

static const char *const native_female[] = {
	"Shawna",    "Darlene", "Loretta", "Verna",   "Tina",	"Charlene",
	"Bernadine", "Marlene", "Irene",   "Roberta", "Autumn", "Skye",
};
static const char *const native_male[] = {
	"Leroy",   "Wilson",  "Nelson", "Harrison", "Delbert", "Kee",
	"Lorenzo", "Herbert", "Calvin", "Dakota",   "Tyrone",  "Wallace",
};
static const char *const native_family[] = {
	"Begay",     "Yazzie", "Benally", "Tsosie",    "Nez",	"Tso",	"Etsitty",     "Chee",
	"Manuelito", "Largo",  "Bitsui",  "Deschenie", "Lente", "Pino", "Tsinajinnie", "Harjo",
};

static const char *const zh_female[] = { "Mei", "Xiuying", "Li Na", "Jing", "Hui", "Yan" };
static const char *const zh_male[] = { "Wei", "Jun", "Ming", "Hao", "Lei", "Jian" };
static const char *const zh_family[] = {
	"Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou",
};

/* Names in Chinese characters: two display columns each (a test of the list's layout). */
static const char *const hanzi_female[] = { "秀英", "丽", "静", "美玲" };
static const char *const hanzi_male[] = { "小明", "伟", "强", "建国" };
static const char *const hanzi_family[] = { "王", "李", "张", "陈", "刘" };

static const char *const ht_female[] = {
	"Marie-Claude", "Fabienne", "Guerline", "Nadège", "Rose-Marie", "Mirlande", "Josette",
};
static const char *const ht_male[] = {
	"Jean-Baptiste", "Wilner", "Jean-Pierre", "Frantz", "Ricot", "Dieudonné", "Emmanuel",
};
static const char *const ht_family[] = {
	"Jean-Louis", "Pierre",	 "Joseph", "Baptiste",	"Charles",
	"Louis",      "Étienne", "Désir",  "Toussaint", "Dorvil",
};

static const char *const so_female[] = {
	"Fadumo", "Hodan", "Asha", "Amina", "Hawa", "Sahra", "Ifrah", "Ubah",
};
static const char *const so_male[] = {
	"Abdi", "Mohamed", "Ahmed", "Abdirahman", "Hassan", "Yusuf", "Omar", "Liban",
};
static const char *const so_family[] = {
	"Ali", "Hassan", "Mohamed", "Abdi", "Warsame", "Farah", "Osman", "Jama", "Yusuf", "Hersi",
};

static const char *const hmn_female[] = { "Mai", "Pa", "Yer", "Kia", "Bao", "Mee", "Nou" };
static const char *const hmn_male[] = { "Tou", "Chue", "Pao", "Xeng", "Fue", "Neng", "Kou" };
static const char *const hmn_family[] = {
	"Vang", "Xiong", "Yang", "Lee", "Thao", "Her", "Moua", "Lor", "Vue", "Lo",
};

static const char *const ru_female[] = {
	"Olga", "Svetlana", "Natalia", "Irina", "Tatiana", "Lyudmila", "Oksana",
};
static const char *const ru_male[] = {
	"Sergei", "Dmitri", "Vladimir", "Aleksandr", "Nikolai", "Yuri", "Mykola",
};
static const char *const ru_family[] = {
	"Kuznetsov", "Popov",	   "Sokolov",	 "Volkov",  "Novak",
	"Kovalenko", "Shevchenko", "Bondarenko", "Morozov",
};

static const char *const pt_female[] = {
	"Ana Paula", "Fernanda", "Luíza", "Conceição", "Graça", "Joana", "Antônia",
};
static const char *const pt_male[] = {
	"João", "Gonçalo", "Sebastião", "Thiago", "Rodrigo", "Paulo", "Vinícius",
};
static const char *const pt_family[] = {
	"Silva", "Santos",   "Oliveira",  "Souza",  "Pereira",
	"Costa", "Carvalho", "Gonçalves", "Araújo", "Magalhães",
};

static const char *const ko_female[] = { "Ji-woo", "Min-ji", "Seo-yeon", "Eun-ji", "Soo-ah" };
static const char *const ko_male[] = { "Min-jun", "Ji-hoon", "Hyun-woo", "Sung-min", "Dong-hyun" };
static const char *const ko_family[] = { "Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho" };

static const char *const tl_female[] = { "Maricel", "Rowena", "Jocelyn", "Lorna", "Divina" };
static const char *const tl_male[] = { "Rodel", "Jericho", "Arnel", "Ronaldo", "Efren" };
static const char *const tl_family[] = {
	"Santos", "Reyes", "Dela Cruz", "Bautista", "Villanueva", "Aquino", "Manalo", "Pangilinan",
};

static const char *const ne_female[] = { "Sita", "Gita", "Maya", "Laxmi", "Sabina" };
static const char *const ne_male[] = { "Ram", "Hari", "Krishna", "Bikash", "Suman" };
static const char *const ne_family[] = {
	"Gurung", "Rai", "Thapa", "Sharma", "Adhikari", "Tamang", "Magar", "Subedi",
};

static const char *const ar_female[] = { "Fatima", "Layla", "Mariam", "Nour", "Zainab" };
static const char *const ar_male[] = { "Ahmad", "Khaled", "Omar", "Youssef", "Hussein" };
static const char *const ar_family[] = {
	"Haddad", "Khalil", "Saleh", "Nasser", "Hamdan", "Al-Sayed", "Mansour",
};

/* Preferred languages of each origin (the patient, not the family name, decides). */
static const char *const lang_us[] = { "en", "es", "fr", "other" };
static const unsigned short lang_us_w[] = { 980, 10, 5, 5 };
static const char *const lang_es[] = { "en", "es" };
static const unsigned short lang_es_w[] = { 45, 55 };
static const char *const lang_vi[] = { "en", "vi" };
static const unsigned short lang_vi_w[] = { 40, 60 };
static const char *const lang_native[] = { "en", "other", "es" };
static const unsigned short lang_native_w[] = { 88, 10, 2 };
static const char *const lang_zh[] = { "en", "zh" };
static const unsigned short lang_zh_w[] = { 45, 55 };
static const unsigned short lang_hanzi_w[] = { 10, 90 };
static const char *const lang_ht[] = { "en", "ht", "fr" };
static const unsigned short lang_ht_w[] = { 40, 50, 10 };
static const char *const lang_so[] = { "en", "so", "ar" };
static const unsigned short lang_so_w[] = { 30, 60, 10 };
static const char *const lang_hmn[] = { "en", "hmn" };
static const unsigned short lang_hmn_w[] = { 50, 50 };
static const char *const lang_ru[] = { "en", "ru" };
static const unsigned short lang_ru_w[] = { 55, 45 };
static const char *const lang_pt[] = { "en", "pt" };
static const unsigned short lang_pt_w[] = { 50, 50 };
static const char *const lang_ko[] = { "en", "ko" };
static const unsigned short lang_ko_w[] = { 50, 50 };
static const char *const lang_tl[] = { "en", "tl" };
static const unsigned short lang_tl_w[] = { 60, 40 };
static const char *const lang_ne[] = { "en", "ne" };
static const unsigned short lang_ne_w[] = { 50, 50 };
static const char *const lang_ar[] = { "en", "ar" };
static const unsigned short lang_ar_w[] = { 50, 50 };

static const unsigned char home_us[] = { CO, MA, MN, NJ, NM, NY, NC, WA };
static const unsigned char home_es[] = { NM, NM, CO, CO, NY, NJ, WA, NC };
static const unsigned char home_vi[] = { WA, WA, MA, MN };
static const unsigned char home_native[] = { NM, NM, NM, NM, CO, WA, MN, NC };
static const unsigned char home_zh[] = { NY, NY, MA, NJ, WA };
static const unsigned char home_ht[] = { MA, NY, NJ };
static const unsigned char home_so[] = { MN, MN, MN, WA };
static const unsigned char home_hmn[] = { MN, MN, NC };
static const unsigned char home_ru[] = { NY, NJ, WA };
static const unsigned char home_pt[] = { MA, MA, NJ };
static const unsigned char home_ko[] = { NJ, NY, WA };
static const unsigned char home_tl[] = { WA, NJ, NY };
static const unsigned char home_ne[] = { NC, NY, WA, CO };
static const unsigned char home_ar[] = { NJ, NY, MN };

#define GROUP(w, f, m, fam, lang, lang_w, home)                                               \
	{                                                                                     \
		(w), WORDS(f), WORDS(m), WORDS(fam), (lang), (lang_w), NELEM(lang_w), (home), \
			NELEM(home)                                                           \
	}

const struct cl_demo_group cl_demo_groups[] = {
	GROUP(500, us_female, us_male, us_family, lang_us, lang_us_w, home_us),
	GROUP(250, es_female, es_male, es_family, lang_es, lang_es_w, home_es),
	GROUP(40, vi_female, vi_male, vi_family, lang_vi, lang_vi_w, home_vi),
	GROUP(45, native_female, native_male, native_family, lang_native, lang_native_w,
	      home_native),
	GROUP(20, zh_female, zh_male, zh_family, lang_zh, lang_zh_w, home_zh),
	GROUP(4, hanzi_female, hanzi_male, hanzi_family, lang_zh, lang_hanzi_w, home_zh),
	GROUP(15, ht_female, ht_male, ht_family, lang_ht, lang_ht_w, home_ht),
	GROUP(15, so_female, so_male, so_family, lang_so, lang_so_w, home_so),
	GROUP(10, hmn_female, hmn_male, hmn_family, lang_hmn, lang_hmn_w, home_hmn),
	GROUP(15, ru_female, ru_male, ru_family, lang_ru, lang_ru_w, home_ru),
	GROUP(15, pt_female, pt_male, pt_family, lang_pt, lang_pt_w, home_pt),
	GROUP(8, ko_female, ko_male, ko_family, lang_ko, lang_ko_w, home_ko),
	GROUP(8, tl_female, tl_male, tl_family, lang_tl, lang_tl_w, home_tl),
	GROUP(6, ne_female, ne_male, ne_family, lang_ne, lang_ne_w, home_ne),
	GROUP(6, ar_female, ar_male, ar_family, lang_ar, lang_ar_w, home_ar),
};
const int cl_demo_ngroups = NELEM(cl_demo_groups);
const struct cl_demo_words cl_demo_general_family = WORDS(us_family);

/* ---- places: small towns of the eight states, with their ZIP prefixes ---- */

static const struct cl_demo_town co_towns[] = {
	{ "Alamosa", "811" },  { "Monte Vista", "811" }, { "Durango", "813" },
	{ "Cortez", "813" },   { "Montrose", "814" },	 { "Delta", "814" },
	{ "Sterling", "807" }, { "Fort Morgan", "807" }, { "Lamar", "810" },
	{ "La Junta", "810" }, { "Trinidad", "810" },	 { "Salida", "812" },
	{ "Gunnison", "812" }, { "Craig", "816" },	 { "Pueblo", "810" },
	{ "Greeley", "806" },
};
static const struct cl_demo_town ma_towns[] = {
	{ "Greenfield", "013" },       { "Athol", "013" },
	{ "Pittsfield", "012" },       { "North Adams", "012" },
	{ "Great Barrington", "012" }, { "Fitchburg", "014" },
	{ "Gardner", "014" },	       { "Hyannis", "026" },
	{ "Falmouth", "025" },	       { "Fall River", "027" },
	{ "New Bedford", "027" },      { "Lowell", "018" },
	{ "Lawrence", "018" },	       { "Springfield", "011" },
	{ "Holyoke", "010" },
};
static const struct cl_demo_town mn_towns[] = {
	{ "Bemidji", "566" },	  { "Brainerd", "564" },	  { "Willmar", "562" },
	{ "Worthington", "561" }, { "Marshall", "562" },	  { "Grand Rapids", "557" },
	{ "Hibbing", "557" },	  { "Fergus Falls", "565" },	  { "Mankato", "560" },
	{ "Rochester", "559" },	  { "St. Cloud", "563" },	  { "Faribault", "550" },
	{ "Austin", "559" },	  { "Thief River Falls", "567" }, { "Owatonna", "550" },
};
static const struct cl_demo_town nj_towns[] = {
	{ "Vineland", "083" },	   { "Bridgeton", "083" },     { "Millville", "083" },
	{ "Salem", "080" },	   { "Hammonton", "080" },     { "Newton", "078" },
	{ "Phillipsburg", "088" }, { "Flemington", "088" },    { "Toms River", "087" },
	{ "Paterson", "075" },	   { "Elizabeth", "072" },     { "Camden", "081" },
	{ "Trenton", "086" },	   { "Atlantic City", "084" },
};
static const struct cl_demo_town nm_towns[] = {
	{ "Gallup", "873" },	 { "Farmington", "874" }, { "Shiprock", "874" },
	{ "Crownpoint", "873" }, { "Grants", "870" },	  { "Española", "875" },
	{ "Taos", "875" },	 { "Las Vegas", "877" },  { "Silver City", "880" },
	{ "Deming", "880" },	 { "Las Cruces", "880" }, { "Roswell", "882" },
	{ "Clovis", "881" },	 { "Socorro", "878" },	  { "Tucumcari", "884" },
	{ "Raton", "877" },	 { "Chimayó", "875" },
};
static const struct cl_demo_town ny_towns[] = {
	{ "Watertown", "136" },	  { "Ogdensburg", "136" }, { "Massena", "136" },
	{ "Plattsburgh", "129" }, { "Malone", "129" },	   { "Olean", "147" },
	{ "Salamanca", "147" },	  { "Jamestown", "147" },  { "Elmira", "149" },
	{ "Hornell", "148" },	  { "Oneonta", "138" },	   { "Norwich", "138" },
	{ "Cortland", "130" },	  { "Kingston", "124" },   { "Monticello", "127" },
	{ "Bronx", "104" },
};
static const struct cl_demo_town nc_towns[] = {
	{ "Boone", "286" },	  { "Murphy", "289" },	       { "Sylva", "287" },
	{ "Lumberton", "283" },	  { "Pembroke", "283" },       { "Whiteville", "284" },
	{ "Rocky Mount", "278" }, { "Wilson", "278" },	       { "Elizabeth City", "279" },
	{ "Ahoskie", "279" },	  { "Roanoke Rapids", "278" }, { "Lexington", "272" },
	{ "Shelby", "281" },	  { "Hickory", "286" },	       { "Goldsboro", "275" },
};
static const struct cl_demo_town wa_towns[] = {
	{ "Yakima", "989" },	 { "Wenatchee", "988" },    { "Omak", "988" },
	{ "Moses Lake", "988" }, { "Walla Walla", "993" },  { "Pasco", "993" },
	{ "Colville", "991" },	 { "Port Angeles", "983" }, { "Aberdeen", "985" },
	{ "Longview", "986" },	 { "Mount Vernon", "982" }, { "Ellensburg", "989" },
	{ "Toppenish", "989" },	 { "Ferndale", "982" },	    { "Sequim", "983" },
};

#define STATE(code, w, towns)                      \
	{                                          \
		(code), (w), (towns), NELEM(towns) \
	}

const struct cl_demo_state cl_demo_states[] = {
	[CO] = STATE("CO", 12, co_towns), [MA] = STATE("MA", 12, ma_towns),
	[MN] = STATE("MN", 12, mn_towns), [NJ] = STATE("NJ", 12, nj_towns),
	[NM] = STATE("NM", 16, nm_towns), [NY] = STATE("NY", 14, ny_towns),
	[NC] = STATE("NC", 12, nc_towns), [WA] = STATE("WA", 10, wa_towns),
};
const int cl_demo_nstates = NELEM(cl_demo_states);

static const char *const streets[] = {
	"Main",	     "Oak",	"Maple",  "Cedar",    "Pine",	  "Elm",       "Washington",
	"Lincoln",   "Church",	"Mill",	  "River",    "Lake",	  "Hillcrest", "Park",
	"Sunset",    "Ridge",	"Meadow", "Juniper",  "Piñon",	  "Mesa",      "Cottonwood",
	"Aspen",     "School",	"Spring", "Railroad", "Depot",	  "Prospect",  "Highland",
	"Union",     "Willow",	"Birch",  "Valley",   "Chestnut", "Walnut",    "Franklin",
	"Jefferson", "Orchard", "Harbor", "Bay",      "Canyon",	  "Arroyo",    "Sagebrush",
};
static const char *const street_kinds[] = {
	"St", "Ave", "Rd", "Ln", "Dr", "Way", "Ct", "Blvd", "Pl", "Trl",
};
static const char *const apartments[] = {
	", Apt 1", ", Apt 2", ", Apt 3B", ", Apt 12", ", Unit 4", ", Trlr 7", ", Apt C",
};
const struct cl_demo_words cl_demo_streets = WORDS(streets);
const struct cl_demo_words cl_demo_street_kinds = WORDS(street_kinds);
const struct cl_demo_words cl_demo_apartments = WORDS(apartments);

/* ---- people ---- */

/*
 * Payers: unknown, medicare, medicaid, dual, commercial, uninsured. Risk: high, rising,
 * low (about 15/25/60 over the registry). Status: active, inactive, deceased.
 */
const struct cl_demo_age_band cl_demo_age_bands[] = {
	{ 6, 0, 17, { 2, 0, 55, 0, 38, 5 }, { 6, 16, 78 }, { 97, 3, 0 } },
	{ 14, 18, 44, { 5, 3, 32, 4, 44, 12 }, { 10, 22, 68 }, { 94, 5, 1 } },
	{ 28, 45, 64, { 4, 6, 28, 7, 46, 9 }, { 14, 25, 61 }, { 94, 5, 1 } },
	{ 24, 65, 74, { 3, 60, 2, 22, 13, 0 }, { 17, 27, 56 }, { 93, 5, 2 } },
	{ 18, 75, 84, { 3, 61, 2, 24, 10, 0 }, { 19, 28, 53 }, { 91, 5, 4 } },
	{ 10, 85, 100, { 3, 62, 1, 27, 7, 0 }, { 21, 28, 51 }, { 86, 6, 8 } },
};
const int cl_demo_nage_bands = NELEM(cl_demo_age_bands);

/* unknown, female, male, other */
const unsigned short cl_demo_sex_weights[4] = { 10, 1040, 940, 10 };
