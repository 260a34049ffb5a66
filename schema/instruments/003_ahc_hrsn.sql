-- careloop schema 3: the Accountable Health Communities (AHC) Health-Related Social Needs
-- (HRSN) Screening Tool of CMS, core questions: 10 questions, 5 domains (housing instability
-- and quality, food, transportation, utilities, interpersonal safety), as seed data.
-- English: the wording of the published tool (CMS, 2018). Spanish: a careful translation
-- where the exact text of the CMS Spanish version could not be checked here; each such row is
-- marked "-- es: verify against the CMS Spanish tool" for a bilingual clinician to confirm.
-- Codes: LOINC panel 96777-8, question and answer (LA) codes as in the HL7 US Core example
-- "QuestionnaireResponse AHC-HRSN-screening-example" (see DOMAIN.md).
-- Ids are UUIDv5 of the codes (the same in every careloop database). Adding an instrument is
-- a file like this one: no C code (see tests/unit/test_scoring.c for a small one).

-- es: verify against the CMS Spanish tool
INSERT INTO instrument (id, code, loinc, name_en, name_es) VALUES
	(X'72273fe11f135a9aa636165ae7b032ac', 'ahc-hrsn', '96777-8',
	 'AHC Health-Related Social Needs Screening Tool',
	 'Herramienta de evaluación de necesidades sociales relacionadas con la salud (AHC)');

-- Domains: code, names, Gravity SDOH category, CMS SDOH-1 domain, sensitive.
-- es: verify against the CMS Spanish tool
INSERT INTO screening_domain (id, instrument_id, ordinal, code, name_en, name_es, sdoh_category,
			      cms_domain, sensitive) VALUES
	(X'77f992a23e575ab3beb6e818d7eb165e', X'72273fe11f135a9aa636165ae7b032ac', 1, 'housing', 'Housing instability', 'Inestabilidad de vivienda',
	 'housing-instability', 'housing', 0),
	(X'6bf7f21ee39058a5a434a061ea160475', X'72273fe11f135a9aa636165ae7b032ac', 2, 'housing-quality', 'Housing quality', 'Calidad de la vivienda',
	 'inadequate-housing', 'housing', 0),
	(X'a906d41c47de52c69a4a91ac5143b64f', X'72273fe11f135a9aa636165ae7b032ac', 3, 'food', 'Food insecurity', 'Inseguridad alimentaria',
	 'food-insecurity', 'food', 0),
	(X'755b1256df0355b4891eb843070d1db5', X'72273fe11f135a9aa636165ae7b032ac', 4, 'transportation', 'Transportation', 'Transporte',
	 'transportation-insecurity', 'transportation', 0),
	(X'ab1ecf90e38c50b7b432b807389d023e', X'72273fe11f135a9aa636165ae7b032ac', 5, 'utilities', 'Utilities', 'Servicios públicos',
	 'utility-insecurity', 'utilities', 0),
	(X'5e783c21fce756169c0bf72e7c72f170', X'72273fe11f135a9aa636165ae7b032ac', 6, 'safety', 'Interpersonal safety', 'Seguridad interpersonal',
	 'intimate-partner-violence', 'safety', 1);

-- Question 1: housing
-- es: verify against the CMS Spanish tool
INSERT INTO question (id, instrument_id, ordinal, code, loinc, domain_code, kind, intro_en, intro_es,
		      text_en, text_es) VALUES
	(X'a3ac3f16cd7354d694c798613faea585', X'72273fe11f135a9aa636165ae7b032ac', 1, '71802-3', '71802-3', 'housing', 'single',
	 '',
	 '',
	 'What is your living situation today?',
	 '¿Cuál es su situación de vivienda hoy?');
-- es: verify against the CMS Spanish tool
INSERT INTO answer_option (id, question_id, ordinal, code, text_en, text_es, points, exclusive) VALUES
	(X'29a08561415a5510b14126f849ae8758', X'a3ac3f16cd7354d694c798613faea585', 1, 'LA31993-1',
	 'I have a steady place to live',
	 'Tengo un lugar estable donde vivir', 0, 0),
	(X'44b71dca7f2c5d06adf6e58121432404', X'a3ac3f16cd7354d694c798613faea585', 2, 'LA31994-9',
	 'I have a place to live today, but I am worried about losing it in the future',
	 'Tengo un lugar donde vivir hoy, pero me preocupa perderlo en el futuro', 0, 0),
	(X'057cd3019b7d5f8cbbdba46599dac6e7', X'a3ac3f16cd7354d694c798613faea585', 3, 'LA31995-6',
	 'I do not have a steady place to live (I am temporarily staying with others, in a hotel, in a shelter, living outside on the street, on a beach, in a car, abandoned building, bus or train station, or in a park)',
	 'No tengo un lugar estable donde vivir (me estoy quedando temporalmente con otras personas, en un hotel, en un refugio, vivo a la intemperie en la calle, en una playa, en un carro, en un edificio abandonado, en una estación de autobús o de tren, o en un parque)', 0, 0);

-- Question 2: housing-quality
-- es: verify against the CMS Spanish tool
INSERT INTO question (id, instrument_id, ordinal, code, loinc, domain_code, kind, intro_en, intro_es,
		      text_en, text_es) VALUES
	(X'9fce3b8eb4b15616ae3106cbe740caa5', X'72273fe11f135a9aa636165ae7b032ac', 2, '96778-6', '96778-6', 'housing-quality', 'multiple',
	 '',
	 '',
	 'Think about the place you live. Do you have problems with any of the following? (Choose all that apply)',
	 'Piense en el lugar donde vive. ¿Tiene problemas con alguna de las siguientes cosas? (Marque todas las que correspondan)');
-- es: verify against the CMS Spanish tool
INSERT INTO answer_option (id, question_id, ordinal, code, text_en, text_es, points, exclusive) VALUES
	(X'3d9059a377785c0cbd732d0eb013fd6b', X'9fce3b8eb4b15616ae3106cbe740caa5', 1, 'LA31996-4',
	 'Pests such as bugs, ants, or mice',
	 'Plagas, como insectos, hormigas o ratones', 0, 0),
	(X'359868804c7f5bce804852727029c598', X'9fce3b8eb4b15616ae3106cbe740caa5', 2, 'LA28580-1',
	 'Mold',
	 'Moho', 0, 0),
	(X'7355847fce2b58a081c783e775884b5d', X'9fce3b8eb4b15616ae3106cbe740caa5', 3, 'LA31997-2',
	 'Lead paint or pipes',
	 'Pintura o tuberías con plomo', 0, 0),
	(X'1d55db7c54cd5618bccac6f4a9285508', X'9fce3b8eb4b15616ae3106cbe740caa5', 4, 'LA31998-0',
	 'Lack of heat',
	 'Falta de calefacción', 0, 0),
	(X'29272bc8080452d29669d8faa1f1df74', X'9fce3b8eb4b15616ae3106cbe740caa5', 5, 'LA31999-8',
	 'Oven or stove not working',
	 'El horno o la estufa no funcionan', 0, 0),
	(X'a68e132eea0158328d4fa2426a93fba4', X'9fce3b8eb4b15616ae3106cbe740caa5', 6, 'LA32000-4',
	 'Smoke detectors missing or not working',
	 'Faltan detectores de humo o no funcionan', 0, 0),
	(X'd542da8d5f8a5ecaabf58a2bb2458b43', X'9fce3b8eb4b15616ae3106cbe740caa5', 7, 'LA32001-2',
	 'Water leaks',
	 'Goteras o fugas de agua', 0, 0),
	(X'd069aeaa0b4c5d6fa457140e68da91da', X'9fce3b8eb4b15616ae3106cbe740caa5', 8, 'LA9-3',
	 'None of the above',
	 'Ninguna de las anteriores', 0, 1);

-- Question 3: food
-- es: verify against the CMS Spanish tool
INSERT INTO question (id, instrument_id, ordinal, code, loinc, domain_code, kind, intro_en, intro_es,
		      text_en, text_es) VALUES
	(X'020f6c8ab0a357ad993b8b044072f345', X'72273fe11f135a9aa636165ae7b032ac', 3, '88122-7', '88122-7', 'food', 'single',
	 'Some people have made the following statements about their food situation. Please answer whether the statements were OFTEN, SOMETIMES, or NEVER true for you and your household in the last 12 months.',
	 'Algunas personas han hecho las siguientes afirmaciones sobre su situación alimentaria. Por favor, responda si las afirmaciones fueron CON FRECUENCIA, A VECES o NUNCA ciertas para usted y su hogar en los últimos 12 meses.',
	 'Within the past 12 months, you worried that your food would run out before you got money to buy more.',
	 'En los últimos 12 meses, le preocupó que la comida se acabara antes de que tuviera dinero para comprar más.');
-- es: verify against the CMS Spanish tool
INSERT INTO answer_option (id, question_id, ordinal, code, text_en, text_es, points, exclusive) VALUES
	(X'4ac97e38da0b50fbabcbb4d521445daa', X'020f6c8ab0a357ad993b8b044072f345', 1, 'LA28397-0',
	 'Often true',
	 'Con frecuencia es cierto', 0, 0),
	(X'cc4b84257d4d58f4a6cb9dff1e7d1669', X'020f6c8ab0a357ad993b8b044072f345', 2, 'LA6729-3',
	 'Sometimes true',
	 'A veces es cierto', 0, 0),
	(X'4d909bb464d05dc0b9f302ca91a88ca2', X'020f6c8ab0a357ad993b8b044072f345', 3, 'LA28398-8',
	 'Never true',
	 'Nunca es cierto', 0, 0);

-- Question 4: food
-- es: verify against the CMS Spanish tool
INSERT INTO question (id, instrument_id, ordinal, code, loinc, domain_code, kind, intro_en, intro_es,
		      text_en, text_es) VALUES
	(X'698672d7f2435e68b4db7f5ca2159d86', X'72273fe11f135a9aa636165ae7b032ac', 4, '88123-5', '88123-5', 'food', 'single',
	 '',
	 '',
	 'Within the past 12 months, the food you bought just didn''t last and you didn''t have money to get more.',
	 'En los últimos 12 meses, la comida que compró no le alcanzó y no tenía dinero para comprar más.');
-- es: verify against the CMS Spanish tool
INSERT INTO answer_option (id, question_id, ordinal, code, text_en, text_es, points, exclusive) VALUES
	(X'b4e51b10b15e5669b42dd14b729467f7', X'698672d7f2435e68b4db7f5ca2159d86', 1, 'LA28397-0',
	 'Often true',
	 'Con frecuencia es cierto', 0, 0),
	(X'cb1dd4a5ca495aeda2a7db2a1605d106', X'698672d7f2435e68b4db7f5ca2159d86', 2, 'LA6729-3',
	 'Sometimes true',
	 'A veces es cierto', 0, 0),
	(X'83537a85081e5c09833706e177bfc9f1', X'698672d7f2435e68b4db7f5ca2159d86', 3, 'LA28398-8',
	 'Never true',
	 'Nunca es cierto', 0, 0);

-- Question 5: transportation
-- es: verify against the CMS Spanish tool
INSERT INTO question (id, instrument_id, ordinal, code, loinc, domain_code, kind, intro_en, intro_es,
		      text_en, text_es) VALUES
	(X'd6dc50f6f87d5f00b166ec21119a3d80', X'72273fe11f135a9aa636165ae7b032ac', 5, '93030-5', '93030-5', 'transportation', 'single',
	 '',
	 '',
	 'In the past 12 months, has lack of reliable transportation kept you from medical appointments, meetings, work or from getting things needed for daily living?',
	 'En los últimos 12 meses, ¿la falta de transporte confiable le ha impedido ir a citas médicas, reuniones, al trabajo u obtener las cosas que necesita para la vida diaria?');
-- es: verify against the CMS Spanish tool
INSERT INTO answer_option (id, question_id, ordinal, code, text_en, text_es, points, exclusive) VALUES
	(X'78229aa3fdd25360817d40e9209592cf', X'd6dc50f6f87d5f00b166ec21119a3d80', 1, 'LA33-6',
	 'Yes',
	 'Sí', 0, 0),
	(X'1e041749f85554cb91aee5e652d0367d', X'd6dc50f6f87d5f00b166ec21119a3d80', 2, 'LA32-8',
	 'No',
	 'No', 0, 0);

-- Question 6: utilities
-- es: verify against the CMS Spanish tool
INSERT INTO question (id, instrument_id, ordinal, code, loinc, domain_code, kind, intro_en, intro_es,
		      text_en, text_es) VALUES
	(X'5bf3377b1eb157518bc640c5633be44c', X'72273fe11f135a9aa636165ae7b032ac', 6, '96779-4', '96779-4', 'utilities', 'single',
	 '',
	 '',
	 'In the past 12 months has the electric, gas, oil, or water company threatened to shut off services in your home?',
	 'En los últimos 12 meses, ¿la compañía de electricidad, gas, petróleo o agua ha amenazado con cortar los servicios en su hogar?');
-- es: verify against the CMS Spanish tool
INSERT INTO answer_option (id, question_id, ordinal, code, text_en, text_es, points, exclusive) VALUES
	(X'505be8fc18de5018b772b746e95a8675', X'5bf3377b1eb157518bc640c5633be44c', 1, 'LA33-6',
	 'Yes',
	 'Sí', 0, 0),
	(X'2a3f976a7a715d37b04eae73041da51e', X'5bf3377b1eb157518bc640c5633be44c', 2, 'LA32-8',
	 'No',
	 'No', 0, 0),
	(X'27c63245870d557c9d34916f2618e23f', X'5bf3377b1eb157518bc640c5633be44c', 3, 'LA32002-0',
	 'Already shut off',
	 'Ya los cortaron', 0, 0);

-- Question 7: safety
-- es: verify against the CMS Spanish tool
INSERT INTO question (id, instrument_id, ordinal, code, loinc, domain_code, kind, intro_en, intro_es,
		      text_en, text_es) VALUES
	(X'87f42ef35919508480248ff30f7c171b', X'72273fe11f135a9aa636165ae7b032ac', 7, '95618-5', '95618-5', 'safety', 'single',
	 'Because violence and abuse happens to a lot of people and affects their health we are asking you the following questions.',
	 'Como la violencia y el abuso les ocurren a muchas personas y afectan su salud, le hacemos las siguientes preguntas.',
	 'How often does anyone, including family and friends, physically hurt you?',
	 '¿Con qué frecuencia alguien, incluidos familiares y amigos, le lastima físicamente?');
-- es: verify against the CMS Spanish tool
INSERT INTO answer_option (id, question_id, ordinal, code, text_en, text_es, points, exclusive) VALUES
	(X'd2a93ba895fe5702971ea4930ec9583b', X'87f42ef35919508480248ff30f7c171b', 1, 'LA6270-8',
	 'Never',
	 'Nunca', 1, 0),
	(X'e24c6df7ad8c5d81b61b0ab7fc043bbf', X'87f42ef35919508480248ff30f7c171b', 2, 'LA10066-1',
	 'Rarely',
	 'Rara vez', 2, 0),
	(X'545a477ef7c85bffaf7ec8d627b4c35d', X'87f42ef35919508480248ff30f7c171b', 3, 'LA10082-8',
	 'Sometimes',
	 'A veces', 3, 0),
	(X'8bd758f2c50255e89ab192072fdb5424', X'87f42ef35919508480248ff30f7c171b', 4, 'LA16644-9',
	 'Fairly often',
	 'Con bastante frecuencia', 4, 0),
	(X'bece283cb021535b9d2507c7d0d8638b', X'87f42ef35919508480248ff30f7c171b', 5, 'LA6482-9',
	 'Frequently',
	 'Frecuentemente', 5, 0);

-- Question 8: safety
-- es: verify against the CMS Spanish tool
INSERT INTO question (id, instrument_id, ordinal, code, loinc, domain_code, kind, intro_en, intro_es,
		      text_en, text_es) VALUES
	(X'22a0a53fafe752d890cc4dc03bbfe3cf', X'72273fe11f135a9aa636165ae7b032ac', 8, '95617-7', '95617-7', 'safety', 'single',
	 '',
	 '',
	 'How often does anyone, including family and friends, insult or talk down to you?',
	 '¿Con qué frecuencia alguien, incluidos familiares y amigos, le insulta o le habla con desprecio?');
-- es: verify against the CMS Spanish tool
INSERT INTO answer_option (id, question_id, ordinal, code, text_en, text_es, points, exclusive) VALUES
	(X'5375e7c132e452c08319a24cfb96e116', X'22a0a53fafe752d890cc4dc03bbfe3cf', 1, 'LA6270-8',
	 'Never',
	 'Nunca', 1, 0),
	(X'ed60f8bee2f45e3bae8c6375aa99f141', X'22a0a53fafe752d890cc4dc03bbfe3cf', 2, 'LA10066-1',
	 'Rarely',
	 'Rara vez', 2, 0),
	(X'756259c9ee6f5ebc83ec209796fe3a1b', X'22a0a53fafe752d890cc4dc03bbfe3cf', 3, 'LA10082-8',
	 'Sometimes',
	 'A veces', 3, 0),
	(X'47229b07c22751df8d41d137ea0117da', X'22a0a53fafe752d890cc4dc03bbfe3cf', 4, 'LA16644-9',
	 'Fairly often',
	 'Con bastante frecuencia', 4, 0),
	(X'30b879c754c65185a1fc89e0f37e5326', X'22a0a53fafe752d890cc4dc03bbfe3cf', 5, 'LA6482-9',
	 'Frequently',
	 'Frecuentemente', 5, 0);

-- Question 9: safety
-- es: verify against the CMS Spanish tool
INSERT INTO question (id, instrument_id, ordinal, code, loinc, domain_code, kind, intro_en, intro_es,
		      text_en, text_es) VALUES
	(X'947b09320d015cad97b0a7dd0a2d106a', X'72273fe11f135a9aa636165ae7b032ac', 9, '95616-9', '95616-9', 'safety', 'single',
	 '',
	 '',
	 'How often does anyone, including family and friends, threaten you with harm?',
	 '¿Con qué frecuencia alguien, incluidos familiares y amigos, le amenaza con hacerle daño?');
-- es: verify against the CMS Spanish tool
INSERT INTO answer_option (id, question_id, ordinal, code, text_en, text_es, points, exclusive) VALUES
	(X'e45585251624561994dcefbc30f256a0', X'947b09320d015cad97b0a7dd0a2d106a', 1, 'LA6270-8',
	 'Never',
	 'Nunca', 1, 0),
	(X'1dc8ee6891dc5cc8a28225f89de212e8', X'947b09320d015cad97b0a7dd0a2d106a', 2, 'LA10066-1',
	 'Rarely',
	 'Rara vez', 2, 0),
	(X'eceb858233f15e57b6111db1ff14d925', X'947b09320d015cad97b0a7dd0a2d106a', 3, 'LA10082-8',
	 'Sometimes',
	 'A veces', 3, 0),
	(X'd53ac8198869516ca9d9d49b8b656797', X'947b09320d015cad97b0a7dd0a2d106a', 4, 'LA16644-9',
	 'Fairly often',
	 'Con bastante frecuencia', 4, 0),
	(X'c07330b38ff15e06912f6ff55c6d5efd', X'947b09320d015cad97b0a7dd0a2d106a', 5, 'LA6482-9',
	 'Frequently',
	 'Frecuentemente', 5, 0);

-- Question 10: safety
-- es: verify against the CMS Spanish tool
INSERT INTO question (id, instrument_id, ordinal, code, loinc, domain_code, kind, intro_en, intro_es,
		      text_en, text_es) VALUES
	(X'f34c267d87a75c4283ce59c6d764cae1', X'72273fe11f135a9aa636165ae7b032ac', 10, '95615-1', '95615-1', 'safety', 'single',
	 '',
	 '',
	 'How often does anyone, including family and friends, scream or curse at you?',
	 '¿Con qué frecuencia alguien, incluidos familiares y amigos, le grita o le insulta con malas palabras?');
-- es: verify against the CMS Spanish tool
INSERT INTO answer_option (id, question_id, ordinal, code, text_en, text_es, points, exclusive) VALUES
	(X'897092c594205e5ba6fe28cfee58437f', X'f34c267d87a75c4283ce59c6d764cae1', 1, 'LA6270-8',
	 'Never',
	 'Nunca', 1, 0),
	(X'82932e7b6b1d5219bccac621a7b19537', X'f34c267d87a75c4283ce59c6d764cae1', 2, 'LA10066-1',
	 'Rarely',
	 'Rara vez', 2, 0),
	(X'aa1bff3a12df5fe4addcbfced0776200', X'f34c267d87a75c4283ce59c6d764cae1', 3, 'LA10082-8',
	 'Sometimes',
	 'A veces', 3, 0),
	(X'3bc57930e57a5b21a4240ad27041809c', X'f34c267d87a75c4283ce59c6d764cae1', 4, 'LA16644-9',
	 'Fairly often',
	 'Con bastante frecuencia', 4, 0),
	(X'54f79c7b6cc155fb8922002ffd8fa8f8', X'f34c267d87a75c4283ce59c6d764cae1', 5, 'LA6482-9',
	 'Frequently',
	 'Frecuentemente', 5, 0);

-- Scoring rules of the published tool.
-- q1: worried about losing it, or no steady place
INSERT INTO scoring_rule (id, instrument_id, domain_code, kind, threshold, effect) VALUES
	(X'5be8d2e955b25763a2c4b5811429f1e1', X'72273fe11f135a9aa636165ae7b032ac', 'housing', 'any_answer', 0, 'positive');
INSERT INTO scoring_rule_term (rule_id, question_code, answer_code) VALUES
	(X'5be8d2e955b25763a2c4b5811429f1e1', '71802-3', 'LA31994-9'),
	(X'5be8d2e955b25763a2c4b5811429f1e1', '71802-3', 'LA31995-6');

-- q2: any problem but "none of the above"
INSERT INTO scoring_rule (id, instrument_id, domain_code, kind, threshold, effect) VALUES
	(X'af1405c782a85950809d06fb26547f2d', X'72273fe11f135a9aa636165ae7b032ac', 'housing-quality', 'any_answer', 0, 'positive');
INSERT INTO scoring_rule_term (rule_id, question_code, answer_code) VALUES
	(X'af1405c782a85950809d06fb26547f2d', '96778-6', 'LA31996-4'),
	(X'af1405c782a85950809d06fb26547f2d', '96778-6', 'LA28580-1'),
	(X'af1405c782a85950809d06fb26547f2d', '96778-6', 'LA31997-2'),
	(X'af1405c782a85950809d06fb26547f2d', '96778-6', 'LA31998-0'),
	(X'af1405c782a85950809d06fb26547f2d', '96778-6', 'LA31999-8'),
	(X'af1405c782a85950809d06fb26547f2d', '96778-6', 'LA32000-4'),
	(X'af1405c782a85950809d06fb26547f2d', '96778-6', 'LA32001-2');

-- q3 or q4: often or sometimes true
INSERT INTO scoring_rule (id, instrument_id, domain_code, kind, threshold, effect) VALUES
	(X'280d15502ce4534287e039a99961a519', X'72273fe11f135a9aa636165ae7b032ac', 'food', 'any_answer', 0, 'positive');
INSERT INTO scoring_rule_term (rule_id, question_code, answer_code) VALUES
	(X'280d15502ce4534287e039a99961a519', '88122-7', 'LA28397-0'),
	(X'280d15502ce4534287e039a99961a519', '88122-7', 'LA6729-3'),
	(X'280d15502ce4534287e039a99961a519', '88123-5', 'LA28397-0'),
	(X'280d15502ce4534287e039a99961a519', '88123-5', 'LA6729-3');

-- q5: yes
INSERT INTO scoring_rule (id, instrument_id, domain_code, kind, threshold, effect) VALUES
	(X'4641c23ac8625cfcb35ba937810d12f2', X'72273fe11f135a9aa636165ae7b032ac', 'transportation', 'any_answer', 0, 'positive');
INSERT INTO scoring_rule_term (rule_id, question_code, answer_code) VALUES
	(X'4641c23ac8625cfcb35ba937810d12f2', '93030-5', 'LA33-6');

-- q6: yes, or already shut off
INSERT INTO scoring_rule (id, instrument_id, domain_code, kind, threshold, effect) VALUES
	(X'a6cf4eaafc585d8e824c2039bee59a00', X'72273fe11f135a9aa636165ae7b032ac', 'utilities', 'any_answer', 0, 'positive');
INSERT INTO scoring_rule_term (rule_id, question_code, answer_code) VALUES
	(X'a6cf4eaafc585d8e824c2039bee59a00', '96779-4', 'LA33-6'),
	(X'a6cf4eaafc585d8e824c2039bee59a00', '96779-4', 'LA32002-0');

-- q7-q10: points (never 1 .. frequently 5) add up to 11 or more
INSERT INTO scoring_rule (id, instrument_id, domain_code, kind, threshold, effect) VALUES
	(X'b2d9e948be4e5a69bd6a0953adfe633a', X'72273fe11f135a9aa636165ae7b032ac', 'safety', 'points_at_least', 11, 'positive');
INSERT INTO scoring_rule_term (rule_id, question_code, answer_code) VALUES
	(X'b2d9e948be4e5a69bd6a0953adfe633a', '95618-5', NULL),
	(X'b2d9e948be4e5a69bd6a0953adfe633a', '95617-7', NULL),
	(X'b2d9e948be4e5a69bd6a0953adfe633a', '95616-9', NULL),
	(X'b2d9e948be4e5a69bd6a0953adfe633a', '95615-1', NULL);

-- q7: any answer but "never" to "physically hurt you": review with a clinician (the sum of 11 misses many people who report physical violence)
INSERT INTO scoring_rule (id, instrument_id, domain_code, kind, threshold, effect) VALUES
	(X'e39e52da22d35778bcf95025e563594b', X'72273fe11f135a9aa636165ae7b032ac', 'safety', 'any_answer', 0, 'review');
INSERT INTO scoring_rule_term (rule_id, question_code, answer_code) VALUES
	(X'e39e52da22d35778bcf95025e563594b', '95618-5', 'LA10066-1'),
	(X'e39e52da22d35778bcf95025e563594b', '95618-5', 'LA10082-8'),
	(X'e39e52da22d35778bcf95025e563594b', '95618-5', 'LA16644-9'),
	(X'e39e52da22d35778bcf95025e563594b', '95618-5', 'LA6482-9');
